package io.asyn2f.worker.session;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.worker.client.BlobTransfer;
import io.asyn2f.worker.client.GatewayClient;
import io.asyn2f.worker.client.WorkerCredentials;
import io.asyn2f.worker.messaging.WorkerBroker;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.training.PreparedUpdate;
import io.asyn2f.worker.training.UpdateSink;

/**
 * Uploads and announces updates off the training thread: asks the gateway for a presigned PUT, streams the blob to
 * the store, then publishes {@code update.submitted}. Only the newest waiting update is kept: the aggregator keeps
 * one update per worker anyway, so an older one still queued would be wasted bandwidth. A failed upload is logged
 * and dropped; the next epoch brings a fresher one. Updates declare the sample count the registry recorded for this
 * worker (an operator may have fixed it at enrollment), which the aggregator checks against its own record.
 */
public final class NetworkUpdateSink implements UpdateSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkUpdateSink.class);

    private final String sessionId;
    private final WorkerCredentials credentials;
    private final GatewayClient gateway;
    private final BlobTransfer transfer;
    private final WorkerBroker broker;
    private final WorkerMetrics metrics;
    private final long registeredSamples;
    private final AtomicReference<PreparedUpdate> waiting = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "update-upload");
        thread.setDaemon(true);
        return thread;
    });

    public NetworkUpdateSink(String sessionId, WorkerCredentials credentials, GatewayClient gateway,
            BlobTransfer transfer, WorkerBroker broker, WorkerMetrics metrics, long registeredSamples) {
        this.sessionId = sessionId;
        this.registeredSamples = registeredSamples;
        this.credentials = credentials;
        this.gateway = gateway;
        this.transfer = transfer;
        this.broker = broker;
        this.metrics = metrics;
    }

    @Override
    public void submit(PreparedUpdate update) {
        if (waiting.getAndSet(update) == null) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        PreparedUpdate update = waiting.getAndSet(null);
        if (update == null) {
            return;
        }
        try {
            String token = credentials.accessToken();
            PresignedUrl target = gateway.uploadUrl(sessionId, token, update.summary().sizeBytes(),
                    update.summary().sha256Hex());
            metrics.uploaded(transfer.upload(target, update.blob()));
            String updateId = "u-" + UUID.randomUUID();
            broker.publish(new LocalUpdateSubmitted(updateId, sessionId, credentials.workerId(), target.objectKey(),
                    update.summary().sha256Hex(), update.summary().sizeBytes(), update.baseVersion(), registeredSamples,
                    update.quality(), update.loss(), update.accuracy(), update.epoch(), update.kind()), token);
            metrics.updateSubmitted();
            log.info("update {} (epoch {}, base version {}, {} bytes) submitted", updateId, update.epoch(),
                    update.baseVersion(), update.summary().sizeBytes());
        } catch (RuntimeException | java.io.IOException e) {
            log.warn("update of epoch {} not submitted: {}", update.epoch(), e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
