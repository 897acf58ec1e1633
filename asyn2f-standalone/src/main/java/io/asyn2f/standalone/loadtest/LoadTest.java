package io.asyn2f.standalone.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.core.aggregation.StrategyDefinition;
import io.asyn2f.standalone.LauncherOptions;
import io.asyn2f.standalone.loadtest.UpdateLedger.Accounting;
import io.asyn2f.standalone.loadtest.UpdateLedger.Fate;
import io.asyn2f.standalone.platform.AdminClient;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.worker.client.BlobTransfer;
import io.asyn2f.worker.client.GatewayClient;
import io.asyn2f.worker.client.RegistryClient;

/**
 * {@code ./asyn2f loadtest}: the platform under N simulated workers ({@link SimulatedWorker}). It starts the
 * platform, opens a session, registers every worker, then for {@code --duration} lets each submit an update every
 * {@code --update-every} (starting at a random offset, so arrivals spread, after a ramp-up within the warm-up:
 * {@link #rampUp}) and heartbeat every
 * {@code --heartbeat-every}. After the window it waits, at most {@code --drain-timeout}, until the aggregator has
 * decided about every acknowledged update, stops the session and reports: how many updates were acknowledged,
 * included in a version, refused, or lost, the rate, the latency from announcement to the commit of the including
 * version, and the JVM's largest heap use. Workers' steps run on a pool of threads, never a thread per worker.
 */
public final class LoadTest {

    /** Threads that run the simulated workers' blocking steps (HTTP calls, the broker's confirm). */
    static final int THREADS = 32;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(20);
    private static final int REGISTRATION_ATTEMPTS = 5;
    private static final int MAX_ERRORS_SHOWN = 5;

    private final LauncherOptions options;
    private final LauncherOptions.LoadTest settings;
    private final PrintStream out;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong warmupSubmissions = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong heartbeatFailures = new AtomicLong();
    private final AtomicLong heapMax = new AtomicLong();
    private final Set<String> errors = ConcurrentHashMap.newKeySet();
    private final UpdateLedger ledger = new UpdateLedger();

    private LoadTest(LauncherOptions options, PrintStream out) {
        this.options = options;
        this.settings = options.loadTest();
        this.out = out;
    }

    /** Runs the load test the options describe, prints its final line and writes its files; returns its figures. */
    public static LoadTestReport run(LauncherOptions options, PrintStream out) throws IOException,
            InterruptedException {
        return new LoadTest(options, out).run();
    }

    /**
     * What the platform is told for a load test: every simulated worker registers from this one address with one
     * enrollment token, which the registration throttle (60 a minute by default) is there to stop.
     */
    static Platform.Overrides overrides(int workers) {
        int attempts = Math.max(60, workers * REGISTRATION_ATTEMPTS);
        return new Platform.Overrides(Map.of("asyn2f.registry.enrollment.max-attempts", attempts), Map.of(),
                Map.of());
    }

    private LoadTestReport run() throws IOException, InterruptedException {
        ModelArchitecture architecture = ModelCatalogue.resolve(options.model());
        Path results = options.resultsDirectory();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("loadtest-heap"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        sampler.scheduleAtFixedRate(() -> heapMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 200, TimeUnit.MILLISECONDS);
        out.println("starting the platform:");
        try (Platform platform = Platform.start(options.external(), results.resolve("store"), out,
                overrides(options.workers()))) {
            return measure(platform, architecture, results);
        } finally {
            sampler.shutdownNow();
        }
    }

    private LoadTestReport measure(Platform platform, ModelArchitecture architecture, Path results)
            throws IOException, InterruptedException {
        AdminClient admin = new AdminClient(platform.aggregatorUrl(), platform.adminUser(), platform.adminPassword());
        String strategy = options.strategies().get(0);
        String sessionId = admin.createSession(sessionConfiguration(strategy));
        String enrollmentToken = platform.enrollmentToken(sessionId, options.workers());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        RegistryClient registry = new RegistryClient(http, platform.registryUrl());
        out.printf(Locale.ROOT, "session %s: %s, %d simulated workers, %s (%d parameters), an update every %s each%n",
                sessionId, strategy, options.workers(), options.model(), architecture.parameterCount(),
                human(settings.updateEvery()));

        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, daemon("loadtest-worker"));
        pool.setRemoveOnCancelPolicy(true);
        try {
            List<SimulatedWorker> workers = new ArrayList<>();
            for (int i = 0; i < options.workers(); i++) {
                workers.add(new SimulatedWorker(i, options.seed()));
            }
            long registrationStarted = System.nanoTime();
            RegistrationResponse first = registerAll(workers, registry, sessionId, enrollmentToken, pool);
            double registrationSeconds = (System.nanoTime() - registrationStarted) / 1e9;
            out.printf(Locale.ROOT, "registered %d workers in %.1f s (%.0f/s)%n", options.workers(),
                    registrationSeconds, options.workers() / registrationSeconds);
            BlobTransfer transfer = new BlobTransfer(http);
            SimulatedWorker.Wire wire = new SimulatedWorker.Wire(sessionId, registry,
                    new GatewayClient(http, platform.gatewayUrl()), transfer, new GlobalModels(transfer, architecture),
                    architecture, first.trainingConfig().updateKind());
            Duration heartbeatEvery = settings.heartbeatEvery() != null ? settings.heartbeatEvery()
                    : Duration.ofSeconds(first.heartbeat().intervalSeconds());
            AtomicBoolean alive = new AtomicBoolean(true);
            heartbeats(workers, wire, pool, heartbeatEvery, alive);
            try (UpdatePublisher publisher = new UpdatePublisher(first.broker(), THREADS)) {
                Instant windowStart = submitFor(workers, wire, publisher, pool, admin, sessionId);
                double windowSeconds = Duration.between(windowStart, Instant.now()).toNanos() / 1e9;
                out.printf(Locale.ROOT, "window over after %.1f s; waiting for the aggregator to decide about %d "
                        + "acknowledged updates%n", windowSeconds, ledger.size());
                Accounting accounting = drain(admin, sessionId);
                admin.stop(sessionId);
                alive.set(false);
                Map<String, Map<String, Object>> stages = StageTimes.read(http, platform.aggregatorUrl());
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("registrationSeconds", Math.round(registrationSeconds * 10) / 10.0);
                extra.put("warmupSubmissions", warmupSubmissions.get());
                extra.put("heartbeats", heartbeats.get());
                extra.put("heartbeatFailures", heartbeatFailures.get());
                extra.put("globalDownloads", wire.globals().downloads());
                extra.put("errors", List.copyOf(errors));
                extra.put("aggregatorStages", stages);
                LoadTestReport report = LoadTestReport.of(options.workers(), accounting, windowSeconds,
                        failed.get(), heapMax.get() / (1024 * 1024), settings(strategy, architecture,
                                heartbeatEvery), extra);
                report.write(results, accounting, windowStart);
                out.println(StageTimes.summary(stages));
                if (!errors.isEmpty()) {
                    out.println("errors seen (first " + MAX_ERRORS_SHOWN + " kinds): " + errors);
                }
                out.println(report.line());
                out.println("results: " + results.toAbsolutePath() + " (loadtest.csv, loadtest.json, latency.png)");
                return report;
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Registers every worker (a few at once, retrying a failed registration), returns one of the answers. */
    private RegistrationResponse registerAll(List<SimulatedWorker> workers, RegistryClient registry,
            String sessionId, String enrollmentToken, ScheduledExecutorService pool) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(workers.size());
        AtomicLong registered = new AtomicLong();
        ConcurrentHashMap<Integer, RegistrationResponse> answers = new ConcurrentHashMap<>();
        for (SimulatedWorker worker : workers) {
            pool.execute(() -> {
                try {
                    for (int attempt = 1; attempt <= REGISTRATION_ATTEMPTS && !worker.registered(); attempt++) {
                        try {
                            answers.putIfAbsent(0, worker.register(registry, sessionId, enrollmentToken));
                            registered.incrementAndGet();
                        } catch (RuntimeException e) {
                            error("registration", e);
                            backOff(attempt);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
        while (!done.await(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            out.printf("registering: %d of %d%n", registered.get(), workers.size());
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("registering " + workers.size() + " workers took longer than "
                        + human(REGISTRATION_TIMEOUT));
            }
        }
        if (registered.get() < workers.size()) {
            throw new IllegalStateException((workers.size() - registered.get()) + " of " + workers.size()
                    + " workers could not register: " + errors);
        }
        return answers.get(0);
    }

    /** Lets every worker heartbeat, as a live worker does, until {@code alive} turns false. */
    private void heartbeats(List<SimulatedWorker> workers, SimulatedWorker.Wire wire,
            ScheduledThreadPoolExecutor pool, Duration heartbeatEvery, AtomicBoolean alive) {
        for (SimulatedWorker worker : workers) {
            pool.scheduleAtFixedRate(() -> {
                if (alive.get()) {
                    try {
                        worker.heartbeat(wire);
                        heartbeats.incrementAndGet();
                    } catch (RuntimeException e) {
                        heartbeatFailures.incrementAndGet();
                        error("heartbeat", e);
                    }
                }
            }, ThreadLocalRandom.current().nextLong(heartbeatEvery.toNanos()), heartbeatEvery.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Lets every worker submit through the warm-up and then the window, and waits for the submissions under way;
     * returns when the window began. Only what is announced in the window is counted: the warm-up lets the JVM
     * compile the hot paths of every service (the first seconds on a cold JVM are several times slower), as a
     * benchmark's warm-up iterations do.
     */
    private Instant submitFor(List<SimulatedWorker> workers, SimulatedWorker.Wire wire, UpdatePublisher publisher,
            ScheduledThreadPoolExecutor pool, AdminClient admin, String sessionId) throws InterruptedException {
        Instant windowStart = Instant.now().plus(settings.warmup());
        AtomicBoolean open = new AtomicBoolean(true);
        // A party per submission under way (registered before the window is checked, so none slips past the end).
        Phaser underWay = new Phaser(1);
        long periodNanos = settings.updateEvery().toNanos();
        long rampNanos = rampUp(settings.warmup(), settings.updateEvery()).toNanos();
        for (int k = 0; k < workers.size(); k++) {
            SimulatedWorker worker = workers.get(k);
            long offset = rampNanos * k / workers.size() + ThreadLocalRandom.current().nextLong(periodNanos);
            pool.schedule(new Runnable() {
                @Override
                public void run() {
                    underWay.register();
                    if (!open.get()) {
                        underWay.arriveAndDeregister();
                        return;
                    }
                    long started = System.nanoTime();
                    try {
                        SimulatedWorker.Submission submission = worker.submit(wire, publisher);
                        if (submission.announcedAt().isBefore(windowStart)) {
                            warmupSubmissions.incrementAndGet();
                        } else {
                            ledger.acknowledged(submission);
                        }
                    } catch (IOException | RuntimeException e) {
                        if (!Instant.now().isBefore(windowStart)) {
                            failed.incrementAndGet();
                        }
                        error("update", e);
                    } finally {
                        underWay.arriveAndDeregister();
                    }
                    if (open.get()) {
                        long wait = Math.max(0, periodNanos - (System.nanoTime() - started));
                        pool.schedule(this, wait, TimeUnit.NANOSECONDS);
                    }
                }
            }, offset, TimeUnit.NANOSECONDS);
        }
        if (!settings.warmup().isZero()) {
            out.println("warming up for " + human(settings.warmup()) + " (not counted)");
        }
        long end = System.nanoTime() + settings.warmup().plus(settings.duration()).toNanos();
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            progress(started, admin, sessionId);
        }
        open.set(false); // a submission that is due now finds the window closed; the ones under way finish
        try {
            underWay.awaitAdvanceInterruptibly(underWay.arrive(), 60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.println("some submissions were still under way 60 s after the window; not waited for");
        }
        return windowStart;
    }

    /**
     * How long the workers take to start submitting: they join one after another over the warm-up less one update
     * period, so the load rises to its full rate within the warm-up while the JVM compiles, instead of arriving
     * all at once on a cold JVM (a backlog that then takes the first half of the window to drain), and every worker
     * submits at its own phase from then on. Without a warm-up longer than one period, all start at once.
     */
    static Duration rampUp(Duration warmup, Duration updateEvery) {
        return warmup.compareTo(updateEvery) > 0 ? warmup.minus(updateEvery) : Duration.ZERO;
    }

    private void progress(long started, AdminClient admin, String sessionId) {
        long version;
        try {
            version = admin.session(sessionId).path("currentVersion").asLong();
        } catch (RuntimeException e) {
            version = -1;
        }
        out.printf(Locale.ROOT, "loadtest: %3.0fs, acknowledged %d, failed %d, version %d, heartbeats %d, "
                + "heap %d MB%n", (System.nanoTime() - started) / 1e9, ledger.size(), failed.get(), version,
                heartbeats.get(), heapMax.get() / (1024 * 1024));
    }

    /**
     * Waits until the aggregator has decided about every acknowledged update (none pending, none still queued), for
     * as long as it keeps deciding: it gives up after {@code --drain-timeout} without progress. Returns the last
     * accounting, in which anything undecided counts as lost.
     */
    private Accounting drain(AdminClient admin, String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        long fewest = Long.MAX_VALUE;
        while (true) {
            Accounting accounting = ledger.account(admin, sessionId);
            long undecided = accounting.count(Fate.UNACCOUNTED);
            if (undecided < fewest) {
                fewest = undecided;
                deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            }
            if (undecided == 0 || System.nanoTime() > deadline) {
                return accounting;
            }
            out.printf("draining: %d update(s) not decided yet%n", undecided);
            Thread.sleep(2_000);
        }
    }

    Map<String, Object> sessionConfiguration(String strategy) {
        Map<String, Object> strategyConfig = new LinkedHashMap<>();
        strategyConfig.put("name", strategy);
        StrategyDefinition.named(strategy).ifPresent(definition -> strategyConfig.putAll(
                definition.comparisonParameters(Math.min(options.minUpdates(), options.workers()))));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("modelArchitecture", options.model());
        config.put("dataset", Map.of("name", "synthetic", "description", "loadtest: simulated workers"));
        config.put("strategy", strategyConfig);
        // A version at least every 2 s while updates are pending, so the tail of the window is folded in too.
        config.put("maxWait", "PT2S");
        config.put("minWorkers", 1);
        // Stopped by the load test itself; the limit only ends a session that a killed load test left running.
        config.put("stop", Map.of("maxWallTime", settings.warmup().plus(settings.duration()).plus(settings.drainTimeout())
                .plus(REGISTRATION_TIMEOUT).toString()));
        config.put("seed", options.seed());
        return config;
    }

    private Map<String, Object> settings(String strategy, ModelArchitecture architecture, Duration heartbeatEvery) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("workers", options.workers());
        described.put("warmup", human(settings.warmup()));
        described.put("duration", human(settings.duration()));
        described.put("updateEvery", human(settings.updateEvery()));
        described.put("heartbeatEvery", human(heartbeatEvery));
        described.put("model", options.model());
        described.put("parameters", architecture.parameterCount());
        described.put("strategy", strategy);
        described.put("m", options.minUpdates());
        described.put("seed", options.seed());
        described.put("threads", THREADS);
        described.put("processors", Runtime.getRuntime().availableProcessors());
        described.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        described.put("externalServices", options.external().any());
        return described;
    }

    private void error(String step, Exception e) {
        if (errors.size() < MAX_ERRORS_SHOWN) {
            String message = String.valueOf(e.getMessage());
            errors.add(step + ": " + (message.length() > 200 ? message.substring(0, 200) : message));
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(5_000, 250L << attempt) + ThreadLocalRandom.current().nextLong(250));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 != 0 || seconds < 60 ? seconds + "s" : seconds / 60 + "m";
    }
}
