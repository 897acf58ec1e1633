package io.asyn2f.worker.training;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobSummary;

/**
 * A local update ready to upload: the model blob (local weights, or the delta since the base version for FedBuff)
 * and what {@code update.submitted} declares about it.
 *
 * @param blob        the whole blob, header included
 * @param summary     its size and sha-256
 * @param baseVersion the global version the local model last merged
 * @param samples     the worker's number of training examples
 * @param loss        training loss of the epoch that just ended
 * @param accuracy    training accuracy of that epoch
 * @param epoch       local epochs completed
 */
public record PreparedUpdate(
        UpdateKind kind,
        byte[] blob,
        BlobSummary summary,
        long baseVersion,
        long samples,
        double quality,
        double loss,
        double accuracy,
        int epoch) {
}
