package io.asyn2f.aggregator.evaluation;

import java.util.Collection;
import java.util.List;

/**
 * When testers' reports stop a session at its target accuracy. One tester is one participant: a single report of
 * accuracy 1.0 would otherwise end any session. The target is reached on a version once {@code required} distinct
 * eligible testers reported at least the target for it; eligible are the named testers when the operator named
 * some, else every tester of the session; the default quorum is a majority of the eligible testers that are active.
 */
final class TesterQuorum {

    private TesterQuorum() {
    }

    /** The configured quorum, or a majority of {@code activeEligible} (at least one). */
    static int required(Integer configured, int activeEligible) {
        return configured != null ? configured : Math.max(1, activeEligible / 2 + 1);
    }

    /** Whether the testers in {@code reaching} (those at or above the target) make the quorum. */
    static boolean reached(Collection<String> reaching, List<String> named, int required) {
        long counted = reaching.stream().distinct().filter(id -> named.isEmpty() || named.contains(id)).count();
        return counted >= required;
    }

    /** How many of the active testers are eligible. */
    static int activeEligible(Collection<String> activeTesters, List<String> named) {
        return (int) activeTesters.stream().distinct().filter(id -> named.isEmpty() || named.contains(id)).count();
    }
}
