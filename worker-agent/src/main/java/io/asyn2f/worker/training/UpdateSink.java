package io.asyn2f.worker.training;

/**
 * Where a trainer hands its updates. The network side uploads and announces them; it must not block the training
 * thread for long (queue the work and return).
 */
@FunctionalInterface
public interface UpdateSink {

    void submit(PreparedUpdate update);
}
