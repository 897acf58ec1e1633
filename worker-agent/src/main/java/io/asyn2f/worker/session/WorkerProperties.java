package io.asyn2f.worker.session;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyn2f.worker.*}: which session to join and with what data. With {@code enabled=false} (the default) the
 * application only serves actuator endpoints.
 *
 * @param enabled          join a session at start
 * @param registryUrl      the registry, e.g. {@code http://registry:8081}
 * @param sessionId        the session to join
 * @param enrollmentSecret the bearer secret for registration
 * @param role             {@code trainer} or {@code tester}
 * @param quality          this worker's data-quality score in [0, 1]
 * @param slowdownFactor   1 = full speed; 4 = four times slower per batch (heterogeneity experiments)
 * @param data             where the examples come from and which part is this worker's
 */
@ConfigurationProperties("asyn2f.worker")
public record WorkerProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:8081") URI registryUrl,
        String sessionId,
        String enrollmentSecret,
        @DefaultValue("trainer") String role,
        @DefaultValue("1.0") double quality,
        @DefaultValue("1.0") double slowdownFactor,
        @DefaultValue Data data) {

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
