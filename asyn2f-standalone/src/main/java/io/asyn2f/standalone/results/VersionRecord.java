package io.asyn2f.standalone.results;

/**
 * One global version as the run saw it.
 *
 * @param elapsedSeconds seconds since the session started when the version was published
 * @param accuracy       the tester's accuracy for this version, or NaN if it was not evaluated
 * @param loss           the tester's loss for this version, or NaN
 * @param participants   number of local updates aggregated into it
 * @param meanStaleness  mean staleness of those updates
 */
public record VersionRecord(
        double elapsedSeconds,
        long version,
        double accuracy,
        double loss,
        int participants,
        double meanStaleness) {

    public boolean evaluated() {
        return !Double.isNaN(accuracy);
    }
}
