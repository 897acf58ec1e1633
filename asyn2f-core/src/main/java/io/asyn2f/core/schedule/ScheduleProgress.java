package io.asyn2f.core.schedule;

/**
 * How far the learning-rate schedule has come. The schedule is indexed by progress, not by version count: a version
 * is at step {@code newestBase + 1}, where {@code newestBase} is the newest global version any of its updates was
 * trained on, and never below the previous version's step. In steady training the step follows the version (each
 * version carries work done on the one before); a backlog of stale updates folded into many versions after an
 * outage leaves the step where the work was, so the learning rate does not decay while nothing new was learnt.
 */
public final class ScheduleProgress {

    private ScheduleProgress() {
    }

    /**
     * The step of a new version.
     *
     * @param previousStep the step of the version it replaces (0 for version 0)
     * @param newestBase   the newest base version among the updates it aggregates
     */
    public static long next(long previousStep, long newestBase) {
        if (previousStep < 0 || newestBase < 0) {
            throw new IllegalArgumentException("steps and versions are >= 0, were " + previousStep + ", "
                    + newestBase);
        }
        return Math.max(previousStep, newestBase + 1);
    }
}
