package io.asyn2f.worker.session;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyn2f.worker.*}: which session to join and with what data. With {@code enabled=false} (the default) the
 * application only serves actuator endpoints.
 *
 * @param enabled          join a session at start
 * @param registryUrl      the registry, e.g. {@code http://registry:8081}
 * @param sessionId        the session to join
 * @param enrollmentToken  the enrollment token an operator issued for the session (against a registry in its
 *                         development mode, the shared secret does too)
 * @param role             {@code trainer} or {@code tester}
 * @param quality          this worker's data-quality score in [0, 1]
 * @param slowdownFactor   1 = full speed; 4 = four times slower per batch (heterogeneity experiments)
 * @param data             where the examples come from and which part is this worker's
 * @param identityFile     where the worker keeps its id and refresh credential (e.g. on its pod's volume), so that
 *                         after a restart it reconnects as the same worker; none: every start is a new worker
 */
@ConfigurationProperties("asyn2f.worker")
public record WorkerProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:8081") URI registryUrl,
        String sessionId,
        String enrollmentToken,
        @DefaultValue("trainer") String role,
        @DefaultValue("1.0") double quality,
        @DefaultValue("1.0") double slowdownFactor,
        @DefaultValue Data data,
        Path identityFile) {

    @ConstructorBinding
    public WorkerProperties {
    }

    /** Without an identity file: a restarted worker registers as a new one. */
    public WorkerProperties(boolean enabled, URI registryUrl, String sessionId, String enrollmentToken, String role,
            double quality, double slowdownFactor, Data data) {
        this(enabled, registryUrl, sessionId, enrollmentToken, role, quality, slowdownFactor, data, null);
    }

    /**
     * @param idxFolder      IDX files (default: the Debian dataset-fashion-mnist location)
     * @param workers        how many trainers share the data
     * @param workerIndex    this worker's part, 0-based
     * @param partition      {@code iid}, {@code dirichlet} or {@code shards}
     * @param dirichletAlpha label skew for {@code dirichlet}
     * @param shardsPerWorker shards for {@code shards}
     * @param seed           the split's seed (the same on every worker)
     */
    public record Data(
            @DefaultValue("/usr/share/datasets/fashion-mnist") Path idxFolder,
            @DefaultValue("1") int workers,
            @DefaultValue("0") int workerIndex,
            @DefaultValue("iid") String partition,
            @DefaultValue("0.5") double dirichletAlpha,
            @DefaultValue("2") int shardsPerWorker,
            @DefaultValue("1") long seed) {
    }
}
