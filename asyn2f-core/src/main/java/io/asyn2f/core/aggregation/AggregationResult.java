package io.asyn2f.core.aggregation;

import java.util.List;

/**
 * A new global version and the statistics published with it.
 *
 * @param parameters   the new global parameters
 * @param participants each aggregated update with its weight and staleness
 * @param avgQuality   mean data-quality score of the participants
 * @param avgLoss      mean reported loss of the participants
 * @param totalSamples sum of the participants' sample counts
 */
public record AggregationResult(
        long version,
        float[] parameters,
        List<Participant> participants,
        double avgQuality,
        double avgLoss,
        long totalSamples) {

    public AggregationResult {
        participants = List.copyOf(participants);
    }

    /** Builds the result for {@code updates} with their weights and staleness, computing the statistics. */
    static AggregationResult of(long version, float[] parameters, List<UpdateInfo> updates, double[] weights,
            long[] staleness) {
        Participant[] participants = new Participant[updates.size()];
        double quality = 0;
        double loss = 0;
        long samples = 0;
        for (int k = 0; k < participants.length; k++) {
            UpdateInfo info = updates.get(k);
            participants[k] = new Participant(info.updateId(), info.workerId(), weights[k], staleness[k]);
            quality += info.quality();
            loss += info.loss();
            samples = Math.addExact(samples, info.samples());
        }
        int n = participants.length;
        return new AggregationResult(version, parameters, List.of(participants), quality / n, loss / n, samples);
    }
}
