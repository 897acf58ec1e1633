package io.asyn2f.api.event;

/** A tester evaluated global version {@code version} on its held-out test set. */
public record EvaluationReported(
        String sessionId,
        String workerId,
        long version,
        double accuracy,
        double loss,
        long samples) implements FlEvent {

    public static final String TYPE = "evaluation.reported";

    public EvaluationReported {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireSafeId(workerId, "workerId");
        Ids.requireNonNegative(version, "version");
        Ids.requireUnitInterval(accuracy, "accuracy");
        Ids.requireFinite(loss, "loss");
        Ids.requireNonNegative(samples, "samples");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
