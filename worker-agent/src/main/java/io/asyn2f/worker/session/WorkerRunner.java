package io.asyn2f.worker.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.ModelFormatException;
import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.api.registry.SystemInfo;
import io.asyn2f.api.registry.TokenResponse;
import io.asyn2f.core.merge.GlobalSnapshot;
import io.asyn2f.messaging.RejectedEventException;
import io.asyn2f.worker.client.ApiException;
import io.asyn2f.worker.client.BlobTransfer;
import io.asyn2f.worker.client.GatewayClient;
import io.asyn2f.worker.client.RegistryClient;
import io.asyn2f.worker.client.StartupRetry;
import io.asyn2f.worker.client.WorkerCredentials;
import io.asyn2f.worker.client.WorkerIdentity;
import io.asyn2f.worker.data.IdxReader;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.Partitioner;
import io.asyn2f.worker.messaging.WorkerBroker;
import io.asyn2f.worker.messaging.WorkerEventHandler;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.model.NetworkFactory;
import io.asyn2f.worker.tester.Evaluation;
import io.asyn2f.worker.tester.ModelEvaluator;
import io.asyn2f.worker.training.LocalTrainer;
import io.asyn2f.worker.training.UpdateSink;

/**
 * One worker's life in a session: load its data, register, connect to the broker, start from the latest global
 * model, then train (trainer) or evaluate each new version (tester) until the session stops. Global models are
 * downloaded on the listener thread, so training never waits for the network.
 *
 * <p>Run against the real registry, gateway and aggregator by asyn2f-standalone (its {@code Experiment}, and the ITs
 * there: {@code StandaloneLauncherIT}, {@code MetricNamesIT}, the fault sessions).
 */
public final class WorkerRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerRunner.class);

    private final WorkerProperties properties;
    private final WorkerMetrics metrics;
    private final UnaryOperator<UpdateSink> updateSinkWrapper;
    /** Joining: the session or its version 0 may not be visible yet, a service may be starting. */
    private final StartupRetry startup = StartupRetry.defaults();
    /** An announced version is fetched while its announcement waits unacknowledged: up to a minute, then skipped. */
    private final StartupRetry announced = new StartupRetry(Duration.ofMillis(250), Duration.ofSeconds(5),
            Duration.ofMinutes(1));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private WorkerBroker broker;
    private NetworkUpdateSink sink;
    private volatile LocalTrainer trainer;
    /** Set when the session announced its end: the worker's queue is no longer needed. */
    private volatile boolean sessionOver;
    /** Released when the session stops or the runner is closed; the tester waits on it. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    public WorkerRunner(WorkerProperties properties, WorkerMetrics metrics) {
        this(properties, metrics, UnaryOperator.identity());
    }

    /**
     * A worker whose trainer hands its updates to {@code updateSinkWrapper.apply(networkSink)}: the seam the
     * standalone launcher's attack experiment uses to make an in-process trainer hostile. Code only, never a
     * property, so a deployed worker cannot be configured to it.
     */
    public WorkerRunner(WorkerProperties properties, WorkerMetrics metrics,
            UnaryOperator<UpdateSink> updateSinkWrapper) {
        this.properties = properties;
        this.metrics = metrics;
        this.updateSinkWrapper = updateSinkWrapper;
    }

    /** Loads this worker's examples as {@code asyn2f.worker.data} says, then runs until the session stops. */
    public void run() throws IOException {
        WorkerProperties.Data data = properties.data();
        run(isTester()
                ? IdxReader.readSplit(data.idxFolder(), "t10k", 10)
                : partitioner(data).partition(IdxReader.readSplit(data.idxFolder(), "train", 10), data.workerIndex()));
    }

    /**
     * Runs with examples prepared by the caller (the standalone launcher hands each in-process worker its partition)
     * until the session stops or {@link #close} is called.
     */
    public void run(LabeledDataset examples) throws IOException {
        boolean tester = isTester();
        log.info("{} data: {}", properties.role(), examples);

        RegistryClient registry = new RegistryClient(http, properties.registryUrl());
        // The registry learns a session from its session.opened event: a worker started with the session may ask
        // before that event has arrived (404), or while the registry is still starting.
        RegistrationResponse registration = register(registry, examples.size());
        log.info("registered: {}", registration);
        String sessionId = registration.sessionId() != null ? registration.sessionId() : properties.sessionId();
        remember(sessionId, registration.workerId(), registration.tokens());
        SessionTrainingConfig config = SessionTrainingConfig.from(registration.trainingConfig());
        ModelArchitecture architecture = ModelCatalogue.resolve(config.modelArchitecture());
        WorkerCredentials credentials = new WorkerCredentials(registry, registration.workerId(),
                registration.tokens(), Clock.systemUTC(), renewed -> remember(sessionId, registration.workerId(),
                        renewed));
        GatewayClient gateway = new GatewayClient(http, java.net.URI.create(registration.storageGateway().url()));
        BlobTransfer transfer = new BlobTransfer(http);
        GlobalModelFetcher fetcher = new GlobalModelFetcher(sessionId, architecture, credentials, gateway, transfer,
                metrics);
        broker = new WorkerBroker(registration.broker(), sessionId, registration.workerId());
        // The queue exists before the first download, so a version published while joining is waiting there.
        broker.declare();
        int interval = registration.heartbeat() == null ? 10 : (int) Math.max(1,
                registration.heartbeat().intervalSeconds());
        heartbeats.scheduleAtFixedRate(() -> heartbeat(registry, credentials), interval, interval, TimeUnit.SECONDS);

        if (tester) {
            runTester(sessionId, registration.workerId(), architecture, examples, fetcher, credentials);
        } else {
            // The registry's count, which replaces ours when the operator fixed it at enrollment.
            long registeredSamples = registration.samples();
            runTrainer(sessionId, architecture, examples, config, fetcher, credentials, gateway, transfer,
                    registeredSamples);
        }
    }

    private void runTrainer(String sessionId, ModelArchitecture architecture, LabeledDataset examples,
            SessionTrainingConfig config, GlobalModelFetcher fetcher, WorkerCredentials credentials,
            GatewayClient gateway, BlobTransfer transfer, long registeredSamples) throws IOException {
        MultiLayerNetwork network = NetworkFactory.build(architecture, config.learningRate(), config.seed());
        sink = new NetworkUpdateSink(sessionId, credentials, gateway, transfer, broker, metrics, registeredSamples);
        LocalTrainer localTrainer = new LocalTrainer(network, architecture, examples,
                config.settings(properties.quality(), properties.slowdownFactor()), config.workerMerge(),
                updateSinkWrapper.apply(sink), metrics);
        localTrainer.adoptGlobal(startup.call("downloading the latest global model", true,
                () -> fetchLatest(fetcher, config.learningRate())));
        trainer = localTrainer;
        broker.start(new WorkerEventHandler() {
            @Override
            public void globalModelPublished(GlobalModelPublished event) {
                fetchAnnounced(fetcher, event).ifPresent(localTrainer::offerGlobal);
            }

            @Override
            public void sessionStopped(SessionStopped event) {
                log.info("session stopped: {} {}", event.reason(), event.detail());
                sessionOver = true;
                localTrainer.stop();
            }
        });
        localTrainer.run();
        log.info("training ended: {}", localTrainer.progress());
    }

    private void runTester(String sessionId, String workerId, ModelArchitecture architecture, LabeledDataset test,
            GlobalModelFetcher fetcher, WorkerCredentials credentials) {
        ModelEvaluator evaluator = new ModelEvaluator(architecture, test);
        broker.start(new WorkerEventHandler() {
            @Override
            public void globalModelPublished(GlobalModelPublished event) {
                Optional<GlobalSnapshot> fetched = fetchAnnounced(fetcher, event);
                if (fetched.isEmpty()) {
                    return;
                }
                GlobalSnapshot global = fetched.get();
                Evaluation evaluation = evaluator.evaluate(global.parameters());
                broker.publish(new EvaluationReported(sessionId, workerId, event.version(), evaluation.accuracy(),
                        evaluation.loss(), evaluation.samples()), credentials.accessToken());
                log.info("version {}: accuracy {}, loss {}", event.version(), evaluation.accuracy(), evaluation.loss());
            }

            @Override
            public void sessionStopped(SessionStopped event) {
                sessionOver = true;
                stopped.countDown();
            }
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Registers, as the worker of the identity file when there is one for this session (so a restarted worker is
     * active again under its id, not a new worker), else as a new worker. A stored credential the registry no longer
     * accepts (expired, or the worker is unknown) falls back to a new registration.
     */
    private RegistrationResponse register(RegistryClient registry, long samples) {
        Optional<WorkerIdentity> stored = WorkerIdentity.load(properties.identityFile(),
                properties.sessionId());
        if (stored.isPresent()) {
            try {
                return startup.call("reconnecting as " + stored.get().workerId(), true,
                        () -> registry.register(properties.sessionId(), properties.enrollmentToken(),
                                request(samples, stored.get().workerId(), stored.get().refreshToken())));
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
                log.warn("the registry refused the stored identity of {} ({}); registering as a new worker",
                        stored.get().workerId(), e.status());
            }
        }
        // The registry learns a session from its session.opened event: a worker started with the session may ask
        // before that event has arrived (404), or while the registry is still starting.
        return startup.call("registering for session " + properties.sessionId(), true,
                () -> registry.register(properties.sessionId(), properties.enrollmentToken(),
                        request(samples, null, null)));
    }

    private RegistrationRequest request(long samples, String workerId, String refreshToken) {
        return new RegistrationRequest(WorkerRole.valueOf(properties.role().toUpperCase(java.util.Locale.ROOT)),
                samples,
                properties.quality(), SystemInfo.current(backend(), gpu()), workerId, refreshToken);
    }

    /** Keeps the newest refresh credential on disk, if this worker has an identity file. */
    private void remember(String sessionId, String workerId, TokenResponse tokens) {
        if (properties.identityFile() != null && tokens != null && tokens.refreshToken() != null) {
            new WorkerIdentity(sessionId, workerId, tokens.refreshToken(), tokens.refreshExpiresAt())
                    .save(properties.identityFile());
        }
    }

    /**
     * Downloads an announced version, riding out a gateway or store that is briefly away: a transient failure (503,
     * connection refused) is retried with backoff on the listener thread, the announcement unacknowledged meanwhile
     * (retried from the back of the worker's queue instead, it would be dead-lettered within milliseconds). If it
     * stays unreachable for {@link #announced}'s bound, or is refused (e.g. 404: retention deleted it), the version is
     * skipped, not dead-lettered: training goes on and the next version is merged. A blob that fails its checks is
     * refused (dead-lettered) at once.
     */
    private Optional<GlobalSnapshot> fetchAnnounced(GlobalModelFetcher fetcher, GlobalModelPublished event) {
        try {
            return Optional.of(announced.call("downloading global version " + event.version(), false,
                    () -> {
                        try {
                            return fetcher.fetch(event);
                        } catch (ModelFormatException e) {
                            throw new RejectedEventException("global version " + event.version()
                                    + " unusable: " + e.getMessage(), e);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        } catch (ApiException | UncheckedIOException e) {
            log.warn("global version {} could not be downloaded ({}); going on until the next one", event.version(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static GlobalSnapshot fetchLatest(GlobalModelFetcher fetcher, double learningRate) {
        try {
            return fetcher.latest(learningRate);
        } catch (ModelFormatException e) {
            // A blob that fails its checks will not get better by waiting.
            throw new IllegalStateException("the latest global model is unusable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ND4J backend this worker really runs on (the cuda Maven profile swaps it), as registered. */
    static String backend() {
        return org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName().contains("jcublas")
                ? "nd4j-cuda-11.6" : "nd4j-native";
    }

    private static String gpu() {
        return backend().startsWith("nd4j-cuda") ? "cuda" : null;
    }

    private boolean isTester() {
        return "tester".equalsIgnoreCase(properties.role());
    }

    private void heartbeat(RegistryClient registry, WorkerCredentials credentials) {
        try {
            registry.heartbeat(credentials.workerId(), credentials.accessToken());
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }

    private static Partitioner partitioner(WorkerProperties.Data data) {
        Partitioner partitioner = switch (data.partition().toLowerCase(java.util.Locale.ROOT)) {
            case "iid" -> Partitioner.iid(data.workers(), data.seed());
            case "dirichlet" -> Partitioner.dirichlet(data.workers(), data.dirichletAlpha(), data.seed());
            case "shards" -> Partitioner.shards(data.workers(), data.shardsPerWorker(), data.seed());
            default -> throw new IllegalArgumentException("asyn2f.worker.data.partition must be iid, dirichlet or "
                    + "shards, was " + data.partition());
        };
        return partitioner;
    }

    @Override
    public void close() {
        stopped.countDown();
        LocalTrainer current = trainer;
        if (current != null) {
            current.stop();
        }
        heartbeats.shutdownNow();
        if (sink != null) {
            sink.close();
        }
        if (broker != null) {
            broker.close(sessionOver);
        }
    }
}
