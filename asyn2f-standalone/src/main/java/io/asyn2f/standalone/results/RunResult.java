package io.asyn2f.standalone.results;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one run produced: its versions in order and how it ended.
 *
 * @param label      the strategy (or run) name shown in tables and legends
 * @param stopReason     why the session ended, e.g. TARGET_ACCURACY or MAX_TIME
 * @param workerFailures workers that ended with an error, as "name: message" (empty when all ended normally)
 * @param sessionId      the aggregator's session (null when not known)
 * @param finalModel     the session's last global version as a DL4J model file (null when none was written)
 * @param traffic        the model bytes each trainer moved (empty when not measured; the tester is not in it)
 */
public record RunResult(String label, List<VersionRecord> versions, double elapsedSeconds, String stopReason,
        List<String> workerFailures, String sessionId, Path finalModel, List<WorkerTraffic> traffic) {

    public RunResult {
        versions = List.copyOf(versions);
        workerFailures = List.copyOf(workerFailures);
        traffic = List.copyOf(traffic);
    }

    public RunResult(String label, List<VersionRecord> versions, double elapsedSeconds, String stopReason,
            List<String> workerFailures, String sessionId, Path finalModel) {
        this(label, versions, elapsedSeconds, stopReason, workerFailures, sessionId, finalModel, List.of());
    }

    public RunResult(String label, List<VersionRecord> versions, double elapsedSeconds, String stopReason) {
        this(label, versions, elapsedSeconds, stopReason, List.of(), null, null);
    }

    /** The same run with the trainers' traffic. */
    public RunResult withTraffic(List<WorkerTraffic> measured) {
        return new RunResult(label, versions, elapsedSeconds, stopReason, workerFailures, sessionId, finalModel,
                measured);
    }

    /** The same run under another label (a repeat in a legend). */
    public RunResult labelled(String newLabel) {
        return new RunResult(newLabel, versions, elapsedSeconds, stopReason, workerFailures, sessionId, finalModel,
                traffic);
    }

    /** Model bytes moved (uploads and downloads) per trainer, averaged over the trainers; NaN when not measured. */
    public double bytesPerWorker() {
        return traffic.stream().mapToLong(WorkerTraffic::bytesMoved).average().orElse(Double.NaN);
    }

    /** Accuracy of the newest evaluated version, or NaN. */
    public double finalAccuracy() {
        return versions.stream().filter(VersionRecord::evaluated)
                .max(Comparator.comparingLong(VersionRecord::version))
                .map(VersionRecord::accuracy).orElse(Double.NaN);
    }

    public double bestAccuracy() {
        return versions.stream().filter(VersionRecord::evaluated)
                .mapToDouble(VersionRecord::accuracy).max().orElse(Double.NaN);
    }

    public long finalVersion() {
        return versions.stream().mapToLong(VersionRecord::version).max().orElse(0);
    }

    /** Seconds until a version first reached {@code target}, if one did. */
    public OptionalDouble timeToAccuracy(double target) {
        return versions.stream().filter(v -> v.evaluated() && v.accuracy() >= target)
                .mapToDouble(VersionRecord::elapsedSeconds).min();
    }
}
