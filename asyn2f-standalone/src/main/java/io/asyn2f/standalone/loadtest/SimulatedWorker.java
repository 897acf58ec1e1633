package io.asyn2f.standalone.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.api.random.StandardNormal;
import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.worker.client.BlobTransfer;
import io.asyn2f.worker.client.GatewayClient;
import io.asyn2f.worker.client.RegistryClient;
import io.asyn2f.worker.client.WorkerCredentials;

/**
 * One simulated worker: the wire half of a real one without the training. It registers with the session's enrollment
 * token, heartbeats, and for each update asks the gateway for the newest global model's URL, builds its "local model"
 * as that model plus Gaussian noise (or the noise alone where the strategy takes deltas), asks for a presigned PUT,
 * uploads the blob and announces it under its own access token. Not thread-safe: the load test runs one step of a
 * worker at a time.
 */
final class SimulatedWorker {

    /** Standard deviation of the noise added to the global model: a local model that moved a little. */
    private static final double NOISE = 0.01;
    private static final long SAMPLES = 600;

    private final int index;
    private final SplittableRandom random;
    private String workerId;
    private WorkerCredentials credentials;
    private long samples;
    private int epoch;

    SimulatedWorker(int index, long seed) {
        this.index = index;
        this.random = new SplittableRandom(seed * 1_000_003L + index);
    }

    /** What every simulated worker shares: the clients of the platform and the session's facts. */
    record Wire(String sessionId, RegistryClient registry, GatewayClient gateway, BlobTransfer transfer,
            GlobalModels globals, ModelArchitecture architecture, UpdateKind kind) {
    }

    /** An update the broker confirmed: announced at {@code announcedAt}, built on {@code baseVersion}. */
    record Submission(String updateId, String workerId, Instant announcedAt, long baseVersion) {
    }

    /** Registers as a trainer; returns the registry's answer (broker account, heartbeat interval). */
    RegistrationResponse register(RegistryClient registry, String sessionId, String enrollmentToken) {
        RegistrationResponse response = registry.register(sessionId, enrollmentToken,
                new RegistrationRequest(WorkerRole.TRAINER, SAMPLES, 1.0, null, null, null));
        workerId = response.workerId();
        samples = response.samples();
        credentials = new WorkerCredentials(registry, workerId, response.tokens(), Clock.systemUTC());
        return response;
    }

    boolean registered() {
        return credentials != null;
    }

    void heartbeat(Wire wire) {
        wire.registry().heartbeat(workerId, credentials.accessToken());
    }

    /** Builds, uploads and announces one update; returns it once the broker confirmed the announcement. */
    Submission submit(Wire wire, UpdatePublisher publisher) throws IOException {
        String token = credentials.accessToken();
        PresignedUrl latest = wire.gateway().globalModelUrl(wire.sessionId(), token, -1);
        float[] global = wire.globals().parameters(latest);
        float[] local = new float[global.length];
        boolean delta = wire.kind() == UpdateKind.DELTA;
        for (int i = 0; i < local.length; i++) {
            local[i] = (float) ((delta ? 0 : global[i]) + NOISE * StandardNormal.sample(random));
        }
        ByteArrayOutputStream blob = new ByteArrayOutputStream(64 + local.length * Float.BYTES);
        BlobSummary summary = ModelBlobWriter.write(blob, delta ? BlobKind.DELTA : BlobKind.WEIGHTS,
                wire.architecture().fingerprint(), local);
        PresignedUrl target = wire.gateway().uploadUrl(wire.sessionId(), token, summary.sizeBytes(),
                summary.sha256Hex());
        wire.transfer().upload(target, blob.toByteArray());
        epoch++;
        String updateId = "u-" + UUID.randomUUID();
        // A loss that falls slowly, as training's would; the aggregator weights by it.
        double loss = 1.0 / (1 + 0.05 * epoch) + 0.05 * random.nextDouble();
        Instant announcedAt = Instant.now();
        publisher.publish(new LocalUpdateSubmitted(updateId, wire.sessionId(), workerId, target.objectKey(),
                summary.sha256Hex(), summary.sizeBytes(), latest.version(), samples, 1.0, loss, 0.5, epoch,
                wire.kind()), token);
        return new Submission(updateId, workerId, announcedAt, latest.version());
    }

    int index() {
        return index;
    }
}
