package io.asyn2f.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.core.aggregation.StrategyDefinition;
import io.asyn2f.standalone.attack.AttackKind;
import io.asyn2f.standalone.attack.HostileUpdateSink;
import io.asyn2f.standalone.platform.AdminClient;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.standalone.platform.WorkerMetricsEndpoint;
import io.asyn2f.standalone.results.RunResult;
import io.asyn2f.standalone.results.VersionRecord;
import io.asyn2f.standalone.results.WorkerTraffic;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.model.ModelExport;
import io.asyn2f.worker.session.WorkerProperties;
import io.asyn2f.worker.session.WorkerRunner;
import io.asyn2f.worker.training.UpdateSink;
import tools.jackson.databind.JsonNode;

/**
 * One session on a running platform: create it through the admin API, start the trainers (each on its own thread
 * with its partition and slowdown) and a tester, show progress until the session stops, and collect its versions.
 */
public final class Experiment {

    /** How long past the session's own time limit the launcher waits before stopping it itself. */
    private static final Duration GRACE = Duration.ofSeconds(60);
    /** The sessions' starting learning rate (cosine schedule), also that of an exported version 0. */
    private static final double INITIAL_LEARNING_RATE = 0.05;

    private final Platform platform;
    private final LauncherOptions options;
    private final ExperimentData data;
    private final PrintStream out;
    private final WorkerMetricsEndpoint workerMetrics;

    public Experiment(Platform platform, LauncherOptions options, ExperimentData data, PrintStream out,
            WorkerMetricsEndpoint workerMetrics) {
        this.workerMetrics = workerMetrics;
        this.platform = platform;
        this.options = options;
        this.data = data;
        this.out = out;
    }

    /**
     * Runs one strategy to the end of its session, then writes the session's last global version to
     * {@code finalModel} as a DL4J model file (none when null; a failure to write it is reported, not fatal).
     */
    public RunResult run(String strategy, Path finalModel) throws InterruptedException {
        AdminClient admin = new AdminClient(platform.aggregatorUrl(), platform.adminUser(), platform.adminPassword());
        String sessionId = admin.createSession(sessionConfiguration(strategy));
        out.printf("session %s: %s, %d trainers + 1 tester, %s%n", sessionId, strategy, options.workers(),
                options.model());
        // One token per session, with a seat for each of its workers and no more (a returning trainer reconnects as
        // itself; its seat in reserve is for a reconnection the registry refuses, which registers anew).
        String enrollmentToken = platform.enrollmentToken(sessionId,
                options.workers() + 1 + options.dropout().trainers());
        out.println(attackLine(options));
        if (options.dropout().any()) {
            out.println(options.dropout().describe(options.maxTime()));
        }
        GlobalModels globals = new GlobalModels(admin, sessionId);
        List<HostileUpdateSink> hostile = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Workers workers = new Workers(sessionId, enrollmentToken, failures);
        ScheduledExecutorService dropouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dropout");
            thread.setDaemon(true);
            return thread;
        });
        RunResult result;
        try {
            workers.start("tester", 0, 1.0, data.test(), UnaryOperator.identity());
            List<UnaryOperator<UpdateSink>> sinks = new ArrayList<>();
            List<LabeledDataset> examples = new ArrayList<>();
            for (int k = 0; k < options.workers(); k++) {
                LabeledDataset partition = data.partitions().get(k);
                UnaryOperator<UpdateSink> sink = UnaryOperator.identity();
                if (options.hostile(k)) {
                    AttackKind attack = options.attack();
                    partition = attack.data(partition);
                    long seed = options.seed() + k;
                    sink = next -> {
                        HostileUpdateSink wrapped = new HostileUpdateSink(attack, next, globals::parameters, seed);
                        hostile.add(wrapped);
                        return wrapped;
                    };
                }
                sinks.add(sink);
                examples.add(partition);
                workers.start("trainer", k, options.slowdownOf(k), partition, sink);
            }
            options.dropout().schedule(dropouts, options.maxTime(), event -> {
                int k = event.trainer();
                if (options.progress()) {
                    out.println();
                }
                if (event.change() == Dropout.Change.LEAVES) {
                    out.println(trainerName(k) + " leaves (dropout)");
                    try {
                        workers.leave(k);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    out.println(trainerName(k) + " comes back (dropout)");
                    workers.start("trainer", k, options.slowdownOf(k), examples.get(k), sinks.get(k));
                }
            }, (event, e) -> failures.add(trainerName(event.trainer()) + " (dropout, " + event.change() + "): "
                    + e.getMessage()));
            JsonNode session = watch(admin, sessionId, failures);
            JsonNode versions = admin.versions(sessionId);
            JsonNode rejections = admin.rejections(sessionId);
            out.printf(Locale.ROOT, "%s: %d updates rejected%s%s%n", strategy, rejections.size(),
                    rejectionReasons(rejections), options.malicious() == 0 ? ""
                            : ", " + hostile.stream().mapToLong(HostileUpdateSink::sent).sum()
                                    + " hostile updates sent");
            Path written = finalModel == null ? null : writeFinalModel(admin, session, versions, finalModel);
            result = result(strategy, sessionId, session, versions, List.copyOf(failures), written);
        } finally {
            // No trainer comes back into a session that is over.
            dropouts.shutdownNow();
            dropouts.awaitTermination(30, TimeUnit.SECONDS);
            workers.close();
        }
        // Read once the workers have stopped, so that a download still in flight at the end is counted.
        List<WorkerTraffic> traffic = new ArrayList<>();
        for (int k = 0; k < options.workers(); k++) {
            traffic.add(workerMetrics.traffic(trainerName(k), sessionId));
        }
        return result.withTraffic(traffic);
    }

    /** The name trainer {@code index} runs under: its thread, its metrics' {@code worker} tag. */
    private String trainerName(int index) {
        return options.hostile(index) ? "trainer-" + index + "-hostile" : "trainer-" + index;
    }

    /** Who is hostile and which defences the session has, e.g. {@code hostile: trainer-0 (sign-flip); defences on}. */
    static String attackLine(LauncherOptions options) {
        String defences = !options.defences() ? "defences none"
                : options.robust() == null ? "defences on" : "defences on, robust " + options.robust();
        if (options.malicious() == 0) {
            return "hostile: none; " + defences;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < options.malicious(); k++) {
            names.add("trainer-" + k);
        }
        return "hostile: " + String.join(", ", names) + " (" + options.attack().label() + "); " + defences;
    }

    private static String rejectionReasons(JsonNode rejections) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (JsonNode rejection : rejections) {
            counts.merge(rejection.get("reason").asString(), 1, Integer::sum);
        }
        return counts.isEmpty() ? "" : " " + counts;
    }

    Map<String, Object> sessionConfiguration(String strategy) {
        Map<String, Object> strategyConfig = new LinkedHashMap<>();
        strategyConfig.put("name", strategy);
        StrategyDefinition.named(strategy).ifPresent(definition -> strategyConfig.putAll(
                definition.comparisonParameters(Math.min(options.minUpdates(), options.workers()))));
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("targetAccuracy", options.targetAccuracy());
        stop.put("maxWallTime", options.maxTime().toString());
        if (options.maxVersions() > 0) {
            stop.put("maxVersion", options.maxVersions());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("modelArchitecture", options.model());
        config.put("dataset", Map.of("name", data.name(), "description", data.description()));
        config.put("strategy", strategyConfig);
        config.put("maxWait", "PT20S");
        config.put("minWorkers", options.workers());
        config.put("exchange", Map.of("exchangeEveryEpochs", options.exchangeEveryEpochs(),
                "batchSize", options.batchSize()));
        config.put("learningRate", Map.of("schedule", "cosine", "initial", INITIAL_LEARNING_RATE, "minimum", 0.005,
                "periodVersions", 100));
        config.put("stop", stop);
        config.put("seed", options.seed());
        if (!options.defences()) {
            config.put("defences", Map.of("enabled", false));
        } else if (options.robust() != null) {
            config.put("defences", Map.of("robust", Map.of("kind", options.robust())));
        }
        return config;
    }

    /**
     * The session's running workers by name. A trainer that leaves (dropout) is closed as a worker whose process
     * ends: its training, heartbeats and broker connection stop, nothing is said to the registry. One that comes back
     * is a new instance for the same partition with the same metrics, reconnecting as the same worker through its
     * identity file.
     */
    private final class Workers implements AutoCloseable {

        private final String sessionId;
        private final String enrollmentToken;
        private final ConcurrentLinkedQueue<String> failures;
        private final Map<String, Instance> running = new ConcurrentHashMap<>();
        private final List<Instance> all = new CopyOnWriteArrayList<>();
        private final Map<String, WorkerMetrics> metrics = new ConcurrentHashMap<>();
        private Path identities;

        private record Instance(WorkerRunner runner, Thread thread, AtomicBoolean left) {
        }

        Workers(String sessionId, String enrollmentToken, ConcurrentLinkedQueue<String> failures) {
            this.sessionId = sessionId;
            this.enrollmentToken = enrollmentToken;
            this.failures = failures;
        }

        synchronized void start(String role, int index, double slowdown, LabeledDataset examples,
                UnaryOperator<UpdateSink> sink) {
            boolean trainer = !role.equals("tester");
            String name = trainer ? trainerName(index) : "tester";
            WorkerProperties properties = new WorkerProperties(true, platform.registryUrl(), sessionId,
                    enrollmentToken, role, 1.0, slowdown,
                    new WorkerProperties.Data(LauncherOptions.DEFAULT_DATA_DIRECTORY, options.workers(), index, "iid",
                            0.5, 2, options.seed()),
                    trainer && options.dropout().leaves(index) ? identityFile(name) : null);
            WorkerRunner runner = new WorkerRunner(properties,
                    metrics.computeIfAbsent(name, n -> workerMetrics.metricsFor(n, sessionId)), sink);
            AtomicBoolean left = new AtomicBoolean();
            Thread thread = new Thread(() -> {
                try {
                    runner.run(examples);
                } catch (Exception | LinkageError e) {
                    // A trainer closed on purpose may end with an error from what was cut short: not a failure.
                    if (!left.get()) {
                        failures.add(name + ": " + e.getMessage());
                    }
                }
            }, name);
            thread.setDaemon(true);
            Instance instance = new Instance(runner, thread, left);
            running.put(name, instance);
            all.add(instance);
            thread.start();
        }

        /** Trainer {@code index} leaves: its instance is closed and its thread waited for (bounded). */
        void leave(int index) throws InterruptedException {
            Instance instance;
            synchronized (this) {
                instance = running.remove(trainerName(index));
            }
            if (instance == null) {
                return;
            }
            instance.left().set(true);
            instance.runner().close();
            instance.thread().join(Duration.ofSeconds(30).toMillis());
        }

        private Path identityFile(String name) {
            try {
                if (identities == null) {
                    identities = Files.createTempDirectory("asyn2f-identities");
                }
                return identities.resolve(sessionId + "-" + name + ".json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            all.forEach(instance -> instance.runner().close());
            for (Instance instance : all) {
                instance.thread().join(Duration.ofSeconds(30).toMillis());
            }
            if (identities != null) {
                try (var files = Files.list(identities)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                    Files.deleteIfExists(identities);
                } catch (IOException e) {
                    out.println("could not remove the trainers' identity files in " + identities + ": "
                            + e.getMessage());
                }
            }
        }
    }

    /** Polls the session once a second, printing a progress line, until it ends (or the launcher stops it). */
    private JsonNode watch(AdminClient admin, String sessionId, ConcurrentLinkedQueue<String> failures)
            throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(options.maxTime()).plus(GRACE);
        boolean stopRequested = false;
        while (true) {
            JsonNode session = admin.session(sessionId);
            String state = session.get("state").asString();
            if (state.equals("FINISHED") || state.equals("FAILED")) {
                if (options.progress()) {
                    out.println();
                }
                return session;
            }
            if (!failures.isEmpty() && !stopRequested) {
                out.println();
                failures.forEach(failure -> out.println("worker failed: " + failure));
                admin.stop(sessionId);
                stopRequested = true;
            }
            if (Instant.now().isAfter(deadline) && !stopRequested) {
                out.println();
                out.println("session did not stop by itself within its time limit; stopping it");
                admin.stop(sessionId);
                stopRequested = true;
            }
            if (options.progress()) {
                out.print("\r" + progressLine(session, Duration.between(start, Instant.now())));
                out.flush();
            }
            Thread.sleep(1000);
        }
    }

    static String progressLine(JsonNode session, Duration elapsed) {
        JsonNode accuracy = session.get("lastAccuracy");
        JsonNode workers = session.get("workers");
        long version = session.get("currentVersion").asLong();
        double seconds = Math.max(1, elapsed.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "[%4ds] %-19s version %4d  accuracy %6s  trainers %2d  versions/min %5.1f   ",
                elapsed.toSeconds(), session.get("state").asString(), version,
                accuracy == null || accuracy.isNull() ? "-" : String.format(Locale.ROOT, "%.4f", accuracy.asDouble()),
                workers == null ? 0 : workers.get("activeTrainers").asLong(), version * 60 / seconds);
    }

    /**
     * The session's current version through the admin API, verified against the architecture, as a DL4J model
     * ({@link ModelExport}) with the version's learning rate; null, said on the console, when that fails.
     */
    private Path writeFinalModel(AdminClient admin, JsonNode session, JsonNode versions, Path file) {
        String sessionId = session.get("id").asString();
        long version = session.get("currentVersion").asLong();
        double learningRate = 0;
        for (JsonNode v : versions) {
            if (v.get("version").asLong() == version) {
                learningRate = v.path("learningRate").asDouble();
            }
        }
        try {
            ModelArchitecture architecture = ModelCatalogue.resolve(session.get("modelArchitecture").asString());
            float[] parameters = ModelBlobReader.expecting(architecture.fingerprint(), architecture.parameterCount())
                    .read(new ByteArrayInputStream(admin.model(sessionId, version))).parameters();
            ModelExport.writeDl4j(architecture, parameters, learningRate > 0 ? learningRate : INITIAL_LEARNING_RATE,
                    file);
            return file;
        } catch (IOException | RuntimeException e) {
            out.println("final model of session " + sessionId + " (version " + version + ") not written: "
                    + e.getMessage());
            return null;
        }
    }

    private RunResult result(String strategy, String sessionId, JsonNode session, JsonNode versions,
            List<String> failures, Path finalModel) {
        Instant started = instant(session, "startedAt", instant(session, "createdAt", Instant.now()));
        Instant finished = instant(session, "finishedAt", Instant.now());
        List<VersionRecord> records = new ArrayList<>();
        for (JsonNode version : versions) {
            long number = version.get("version").asLong();
            if (number == 0) {
                continue;
            }
            JsonNode participants = version.get("participants");
            double staleness = 0;
            for (JsonNode participant : participants) {
                staleness += participant.get("staleness").asDouble();
            }
            JsonNode accuracy = version.get("accuracy");
            records.add(new VersionRecord(
                    Math.max(0, Duration.between(started, Instant.parse(version.get("createdAt").asString())).toMillis()
                            / 1000.0),
                    number,
                    accuracy == null || accuracy.isNull() ? Double.NaN : accuracy.asDouble(),
                    version.get("avgLoss").asDouble(),
                    participants.size(),
                    participants.isEmpty() ? 0 : staleness / participants.size()));
        }
        JsonNode reason = session.get("stopReason");
        return new RunResult(strategy, records, Duration.between(started, finished).toMillis() / 1000.0,
                reason == null || reason.isNull() ? session.get("state").asString() : reason.asString(), failures,
                sessionId, finalModel);
    }

    /**
     * The global models hostile trainers start from, read through the admin API and kept while they are recent
     * (a version deleted by retention falls back to the newest one read).
     */
    private static final class GlobalModels {

        private final AdminClient admin;
        private final String sessionId;
        private final Map<Long, float[]> cache = new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, float[]> eldest) {
                return size() > 8;
            }
        };
        private long newest = -1;

        GlobalModels(AdminClient admin, String sessionId) {
            this.admin = admin;
            this.sessionId = sessionId;
        }

        synchronized float[] parameters(long version) {
            float[] cached = cache.get(version);
            if (cached != null) {
                return cached;
            }
            try {
                float[] read = ModelBlobReader.lenient().read(new ByteArrayInputStream(admin.model(sessionId, version)))
                        .parameters();
                cache.put(version, read);
                newest = Math.max(newest, version);
                return read;
            } catch (IOException | IllegalStateException e) {
                float[] fallback = cache.get(newest);
                if (fallback == null) {
                    throw new IllegalStateException("no global model to attack from: " + e.getMessage(), e);
                }
                return fallback;
            }
        }
    }

    private static Instant instant(JsonNode node, String field, Instant fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : Instant.parse(value.asString());
    }
}
