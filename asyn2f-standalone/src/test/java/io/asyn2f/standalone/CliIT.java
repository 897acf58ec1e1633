package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.cli.Cli;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.SyntheticClassification;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.session.WorkerProperties;
import io.asyn2f.worker.session.WorkerRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./asyn2f sessions|workers|models} against the real registry, storage gateway and aggregator (on the CI
 * machine's PostgreSQL and RabbitMQ when given, embedded ones otherwise), with a real trainer and tester in this JVM:
 * an operator creates a session from a YAML file, admits the workers, watches it, downloads a global version as the
 * stored blob and as a DL4J model (which DL4J alone loads and scores as the tester did), stops it and revokes a
 * worker; and the services' refusals come out as clear errors with exit code 1.
 */
class CliIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ModelArchitecture ARCHITECTURE = ModelCatalogue.resolve("mlp:20-16-4");
    /** One draw of four Gaussian clusters: 1000 examples to train, the last 400 to test. */
    private static final LabeledDataset ALL = SyntheticClassification.generate(1400, 20, 4, 0.35, 7);
    private static final LabeledDataset TRAIN = ALL.head(1000);
    private static final LabeledDataset TEST = ALL.subset(IntStream.range(1000, 1400).toArray());
    private static final Duration TRAINING = Duration.ofMinutes(3);

    private static final String SESSION_YAML = """
            # docs/aggregator-api.md, "Session configuration"
            modelArchitecture: mlp:20-16-4
            dataset: { name: synthetic, description: CliIT }
            strategy: { name: asyn2f, m: 1 }
            maxWait: PT20S
            minWorkers: 1
            exchange: { exchangeEveryEpochs: 1, batchSize: 32 }
            learningRate: { schedule: cosine, initial: 0.05, minimum: 0.005, periodVersions: 100 }
            stop: { maxWallTime: PT5M }
            seed: 7
            """;

    @TempDir
    static Path folder;

    private static Platform platform;
    private static Map<String, String> environment;
    private final List<WorkerRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @BeforeAll
    static void startPlatform() {
        LauncherOptions options = LauncherOptions.parse(StandaloneLauncherIT.services(), Map.of());
        platform = Platform.start(options.external(), folder.resolve("store"), System.out);
        // What an operator exports once, as the README shows.
        environment = Map.of("ASYN2F_URL", platform.aggregatorUrl().toString(),
                "ASYN2F_REGISTRY_URL", platform.registryUrl().toString(),
                "ASYN2F_USER", platform.adminUser(), "ASYN2F_PASSWORD", platform.adminPassword());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        runners.forEach(WorkerRunner::close);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        io.asyn2f.testing.RabbitMqUsers.deleteWorkerUsers();
    }

    @Test
    void shouldOperateASessionFromCreationToTheDownloadedModel() throws Exception {
        Path yaml = Files.writeString(folder.resolve("session.yaml"), SESSION_YAML);

        Run created = cli("sessions", "create", "-f", yaml.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String id = created.out().lines().findFirst().orElseThrow().replace("created session ", "");
        assertThat(created.out()).contains("model:            mlp:20-16-4").contains("strategy:         asyn2f (m 1");

        // The registry learns the session from session.opened, a moment after it is created.
        String token = await().atMost(Duration.ofSeconds(30)).until(() -> {
            Run issued = cli("workers", "enroll", id, "--max-workers", "2", "--output", "json");
            return issued.code() == 0 ? JSON.readTree(issued.out()).path("token").asString() : null;
        }, t -> t != null);
        startWorker(id, token, "tester", TEST);
        startWorker(id, token, "trainer", TRAIN);

        await().atMost(TRAINING).untilAsserted(() -> assertThat(cli("sessions", "list").out())
                .containsPattern(id + " +RUNNING +asyn2f +mlp:20-16-4"));
        JsonNode evaluated = await().atMost(TRAINING).until(() -> newestEvaluated(id), v -> v != null
                && v.path("version").asLong() >= 2);
        long version = evaluated.path("version").asLong();
        double testerAccuracy = evaluated.path("accuracy").asDouble();

        Run show = cli("sessions", "show", id);
        assertThat(show.out()).contains("state:            RUNNING")
                .contains("workers:          1 trainer, 1 tester active; 0 lost, 0 revoked");
        Run versions = cli("sessions", "versions", id);
        assertThat(versions.out()).startsWith("VERSION  CREATED").containsPattern("(?m)^ +" + version + "  .* stored$");
        Run workers = cli("workers", "list", "--session", id, "--output", "json");
        JsonNode listed = JSON.readTree(workers.out());
        assertThat(listed).hasSize(2);
        String trainer = "";
        for (JsonNode worker : listed) {
            if (worker.path("role").asString().equals("TRAINER")) {
                trainer = worker.path("workerId").asString();
            }
        }
        assertThat(cli("workers", "list").out()).contains(trainer);

        Path blob = folder.resolve("model.a2fm");
        Run asStored = cli("models", "download", id, "--version", Long.toString(version), "-o", blob.toString());
        assertThat(asStored.code()).as(asStored.err()).isZero();
        assertThat(asStored.out()).contains("downloaded version " + version + " of session " + id);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(blob))))
                .isEqualTo(evaluated.path("sha256").asString());
        float[] parameters;
        try (InputStream in = Files.newInputStream(blob)) {
            parameters = ModelBlobReader.expecting(ARCHITECTURE.fingerprint(), ARCHITECTURE.parameterCount()).read(in)
                    .parameters();
        }

        Path zip = folder.resolve("model.zip");
        Run asDl4j = cli("models", "download", id, "--version", Long.toString(version), "--format", "dl4j", "-o",
                zip.toString());
        assertThat(asDl4j.code()).as(asDl4j.err()).isZero();
        MultiLayerNetwork network = MultiLayerNetwork.load(zip.toFile(), false);
        assertThat(network.params().toFloatVector()).containsExactly(parameters);
        double dl4jAccuracy = network.evaluate(new ViewIterator(dataSet(TEST), 128)).accuracy();
        assertThat(dl4jAccuracy).as("DL4J's accuracy of the exported version = the tester's").isEqualTo(testerAccuracy);
        assertThat(testerAccuracy).as("trained beyond chance (0.25)").isGreaterThan(0.4);

        Run stop = cli("sessions", "stop", id);
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("stopping session " + id);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                JSON.readTree(cli("sessions", "show", id, "--output", "json").out()).path("stopReason").asString())
                .isEqualTo("ADMIN"));
        Run again = cli("sessions", "stop", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).startsWith("asyn2f: the aggregator answered POST /api/v1/sessions/" + id
                + "/stop with 409");

        JsonNode last = JSON.readTree(cli("sessions", "show", id, "--output", "json").out());
        Run newest = cli("models", "download", id, "-o", folder.resolve("last.a2fm").toString(), "--output", "json");
        assertThat(JSON.readTree(newest.out()).path("version").asLong())
                .isEqualTo(last.path("currentVersion").asLong());
        assertThat(cli("sessions", "rejections", id).code()).isZero();

        Run revoked = cli("workers", "revoke", trainer, "--reason", "CliIT");
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("worker " + trainer + " of session " + id + ": REVOKED").contains("(CliIT)");
        // The launcher's own entry point dispatches the same verbs.
        assertThat(StandaloneLauncher.cli(List.of("sessions", "list", "--url", platform.aggregatorUrl().toString(),
                "--password", platform.adminPassword()))).isZero();
    }

    @Test
    void shouldTurnTheServicesRefusalsIntoClearErrors() throws Exception {
        Run unknown = cli("sessions", "show", "s-nosuchsession");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).startsWith("asyn2f: the aggregator answered GET /api/v1/sessions/s-nosuchsession "
                + "with 404").contains("s-nosuchsession");

        Path invalid = Files.writeString(folder.resolve("invalid.yaml"), SESSION_YAML.replace("m: 1", "m: 0"));
        int sessions = JSON.readTree(cli("sessions", "list", "--output", "json").out()).size();
        Run refused = cli("sessions", "create", "-f", invalid.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("with 400 Invalid request: the request has 1 invalid field(s)")
                .contains("  - strategy.m: must be between 1 and 10000, was 0");
        assertThat(JSON.readTree(cli("sessions", "list", "--output", "json").out())).hasSize(sessions);

        Run wrong = Run.of(environment(Map.of("ASYN2F_PASSWORD", "not-the-password")), "workers", "list");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("the registry answered GET /api/v1/admin/workers with 401")
                .contains("--registry-user/--registry-password");

        Run noWorker = cli("workers", "revoke", "w-nosuchworker");
        assertThat(noWorker.code()).isEqualTo(1);
        assertThat(noWorker.err()).contains("with 404");
    }

    /** The newest version the tester has scored (its listing entry), or null. */
    private JsonNode newestEvaluated(String id) {
        JsonNode newest = null;
        for (JsonNode version : JSON.readTree(cli("sessions", "versions", id, "--output", "json").out())) {
            if (!version.path("accuracy").isNull() && !version.path("accuracy").isMissingNode()) {
                newest = version;
            }
        }
        return newest;
    }

    private void startWorker(String sessionId, String token, String role, LabeledDataset examples) {
        WorkerProperties properties = new WorkerProperties(true, platform.registryUrl(), sessionId, token, role, 1.0,
                1.0, new WorkerProperties.Data(LauncherOptions.DEFAULT_DATA_DIRECTORY, 1, 0, "iid", 0.5, 2, 7));
        WorkerRunner runner = new WorkerRunner(properties, new WorkerMetrics(new SimpleMeterRegistry()));
        runners.add(runner);
        Thread thread = new Thread(() -> {
            try {
                runner.run(examples);
            } catch (Exception e) {
                System.err.println(role + " ended: " + e.getMessage());
            }
        }, "cli-it-" + role);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private static DataSet dataSet(LabeledDataset data) {
        float[] labels = new float[data.size() * data.classes()];
        for (int i = 0; i < data.size(); i++) {
            labels[i * data.classes() + data.labels()[i]] = 1f;
        }
        return new DataSet(Nd4j.create(data.features(), new long[] {data.size(), data.featureCount()}, 'c'),
                Nd4j.create(labels, new long[] {data.size(), data.classes()}, 'c'));
    }

    private static Run cli(String... args) {
        return Run.of(environment, args);
    }

    private static Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(overrides);
        return merged;
    }

    /** One CLI command: its exit code and what it printed. */
    private record Run(int code, String out, String err) {

        static Run of(Map<String, String> environment, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Cli.run(List.of(args), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), StandaloneLauncher.DL4J_EXPORT);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
