package io.asyn2f.standalone.faults;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.asyn2f.standalone.platform.FaultPlatform;
import io.asyn2f.worker.client.WorkerIdentity;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.Partitioner;
import io.asyn2f.worker.data.SyntheticClassification;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.session.WorkerProperties;
import io.asyn2f.worker.session.WorkerRunner;

/**
 * One session on a {@link FaultPlatform} with real in-process workers: two trainers (each with an identity file, so
 * a restarted one reconnects as itself) and a tester, on tiny synthetic data. The target accuracy is out of reach,
 * so the session always ends at {@code maxVersion}. Progress is read from the aggregator's database, which answers
 * whichever service is down.
 */
final class FaultSession implements AutoCloseable {

    static final String MODEL = "mlp:20-16-4";
    static final int TRAINERS = 2;
    private static final long SEED = 7;

    private final FaultPlatform platform;
    private final Path identities;
    private final long maxVersion;
    private final double slowdown;
    private final String id;
    private final Long fixedSamples;
    private volatile String enrollmentToken;
    private final List<LabeledDataset> partitions = new ArrayList<>();
    private final LabeledDataset test;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private record Worker(WorkerRunner runner, Thread thread) {
    }

    FaultSession(FaultPlatform platform, Path identities, long maxVersion, double slowdown) {
        this(platform, identities, maxVersion, slowdown, 1);
    }

    /** @param exchangeEveryEpochs how many epochs a trainer trains between updates (more: fewer versions a second) */
    FaultSession(FaultPlatform platform, Path identities, long maxVersion, double slowdown, int exchangeEveryEpochs) {
        this(platform, identities, maxVersion, slowdown, exchangeEveryEpochs, null, true);
    }

    /**
     * @param fixedSamples the sample count the session's enrollment token fixes for every worker (null: none)
     * @param enrollNow    issue the token and start the workers now; else {@link #enrollAndStartWorkers} does
     */
    FaultSession(FaultPlatform platform, Path identities, long maxVersion, double slowdown, int exchangeEveryEpochs,
            Long fixedSamples, boolean enrollNow) {
        this.platform = platform;
        this.identities = identities;
        this.maxVersion = maxVersion;
        this.slowdown = slowdown;
        this.fixedSamples = fixedSamples;
        LabeledDataset all = SyntheticClassification.generate(1400, 20, 4, 0.35, SEED);
        LabeledDataset train = all.subset(range(0, 1000));
        test = all.subset(range(1000, 1400));
        Partitioner partitioner = Partitioner.iid(TRAINERS, SEED);
        for (int k = 0; k < TRAINERS; k++) {
            partitions.add(partitioner.partition(train, k));
        }
        id = platform.admin().createSession(configuration(maxVersion, exchangeEveryEpochs));
        if (enrollNow) {
            enrollAndStartWorkers();
        }
    }

    /**
     * Issues the session's enrollment token through the registry's admin API (retried while the registry is away or
     * has not learned the session yet) and starts the tester and the trainers with it.
     */
    void enrollAndStartWorkers() {
        // Restarted trainers reconnect with their identity files (no new seat); a restarted tester enrolls again.
        enrollmentToken = platform.enrollmentToken(id, 2 * (TRAINERS + 1), fixedSamples);
        start("tester", 0, test, 1.0);
        for (int k = 0; k < TRAINERS; k++) {
            start("trainer", k, partitions.get(k), slowdown);
        }
    }

    String id() {
        return id;
    }

    long maxVersion() {
        return maxVersion;
    }

    List<String> workerFailures() {
        return List.copyOf(failures);
    }

    private static Map<String, Object> configuration(long maxVersion, int exchangeEveryEpochs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("modelArchitecture", MODEL);
        config.put("dataset", Map.of("name", "synthetic", "description", "fault injection"));
        config.put("strategy", Map.of("name", "asyn2f", "m", TRAINERS));
        config.put("maxWait", "PT5S");
        config.put("minWorkers", TRAINERS);
        config.put("exchange", Map.of("exchangeEveryEpochs", exchangeEveryEpochs, "batchSize", 32));
        config.put("learningRate", Map.of("schedule", "cosine", "initial", 0.05, "minimum", 0.005,
                "periodVersions", 100));
        config.put("stop", Map.of("targetAccuracy", 0.999, "maxVersion", maxVersion, "maxWallTime", "PT5M"));
        config.put("seed", SEED);
        return config;
    }

    /** Starts (or starts again) a worker; a trainer reuses its identity file. */
    private void start(String role, int index, LabeledDataset examples, double slowdown) {
        String name = role.equals("tester") ? "tester" : "trainer-" + index;
        WorkerProperties properties = new WorkerProperties(true, platform.registryUrl(), id,
                enrollmentToken, role, 1.0, slowdown,
                new WorkerProperties.Data(Path.of("unused"), TRAINERS, index, "iid", 0.5, 2, SEED),
                identities.resolve(id + "-" + name + ".json"));
        WorkerRunner runner = new WorkerRunner(properties, new WorkerMetrics(new SimpleMeterRegistry()));
        Thread thread = new Thread(() -> {
            try {
                runner.run(examples);
            } catch (Exception | LinkageError e) {
                failures.add(name + ": " + e);
            }
        }, id + "-" + name);
        thread.setDaemon(true);
        thread.start();
        workers.put(name, new Worker(runner, thread));
    }

    /** Kills a trainer: its runner is closed and its thread stopped; its identity file stays. */
    void killTrainer(int index) throws InterruptedException {
        Worker worker = workers.remove("trainer-" + index);
        worker.runner().close();
        worker.thread().interrupt();
        worker.thread().join(Duration.ofSeconds(30).toMillis());
    }

    void restartTrainer(int index) {
        start("trainer", index, partitions.get(index), slowdown);
    }

    /** The worker id a trainer stored in its identity file. */
    String trainerId(int index) {
        return WorkerIdentity.load(identities.resolve(id + "-trainer-" + index + ".json"), id).orElseThrow()
                .workerId();
    }

    /** The newest committed version, from the database. */
    long committedVersion() {
        return query("select coalesce(max(version), -1) from aggregator.global_version where session_id = ?",
                rs -> rs.getLong(1)).orElse(-1L);
    }

    /**
     * Waits until the session has committed its last version, as long as it keeps making progress: each further
     * version within {@code perVersion} (a busy machine may take long for the whole session, never that long for one).
     */
    void awaitLastVersion(Duration perVersion) {
        long seen = committedVersion();
        while (seen < maxVersion) {
            long before = seen;
            await("a version of " + id + " after " + before).atMost(perVersion).pollInterval(Duration.ofMillis(200))
                    .until(() -> committedVersion() > before);
            seen = committedVersion();
        }
    }

    /** Waits (bounded) until version {@code version} is committed. */
    void awaitVersion(long version, Duration atMost) {
        await("version " + version + " of " + id).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> committedVersion() >= version);
    }

    /**
     * Waits (bounded) for the first version committed after {@code faultEnd}, and returns how long after the fault's
     * end it was committed. A session that reached its end during a fault that does not stop progress (a saturated
     * CPU, the registry away) has nothing to recover: zero.
     */
    Duration awaitRecovery(Instant faultEnd, Duration atMost) {
        Instant[] first = new Instant[1];
        boolean[] over = new boolean[1];
        await("a version of " + id + " after the fault").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    first[0] = query("select min(created_at) from aggregator.global_version where session_id = ? "
                            + "and created_at > ?", rs -> {
                                Timestamp at = rs.getTimestamp(1);
                                return at == null ? null : at.toInstant();
                            }, Timestamp.from(faultEnd)).orElse(null);
                    over[0] = first[0] == null && committedVersion() >= maxVersion;
                    return first[0] != null || over[0];
                });
        return over[0] ? Duration.ZERO : Duration.between(faultEnd, first[0]);
    }

    /** The state the aggregator recorded for a worker of this session (ACTIVE, LOST, ...). */
    Optional<String> aggregatorWorkerState(String workerId) {
        return query("select state from aggregator.worker where session_id = ? and worker_id = ?",
                rs -> rs.getString(1), workerId);
    }

    long trainerRows() {
        return query("select count(*) from aggregator.worker where session_id = ? and role = 'TRAINER'",
                rs -> rs.getLong(1)).orElse(0L);
    }

    /** The ids of every worker the aggregator knows in this session. */
    List<String> workerIds() {
        List<String> ids = new ArrayList<>();
        try (Connection connection = platform.database().connect();
                PreparedStatement statement = connection.prepareStatement(
                        "select worker_id from aggregator.worker where session_id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Whether a version after {@code afterVersion} includes an update of {@code workerId}. */
    boolean contributedAfter(String workerId, long afterVersion) {
        return query("select count(*) from aggregator.version_participant where session_id = ? and worker_id = ? "
                + "and version > ?", rs -> rs.getLong(1) > 0, workerId, afterVersion).orElse(false);
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = platform.database().connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 2, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    @Override
    public void close() throws InterruptedException {
        workers.values().forEach(worker -> worker.runner().close());
        for (Worker worker : workers.values()) {
            worker.thread().join(Duration.ofSeconds(30).toMillis());
        }
        workers.clear();
    }
}
