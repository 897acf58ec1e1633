package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.asyn2f.standalone.results.ResultsWriter;
import io.asyn2f.standalone.results.RunResult;
import io.asyn2f.standalone.results.VersionRecord;
import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;

/**
 * The whole platform end to end, as {@code ./asyn2f} runs it: the real registry, storage gateway and aggregator, two
 * trainer workers (different partition sizes and speeds) and a tester, on real PostgreSQL, RabbitMQ and S3 (the CI
 * machine's services when their addresses are given, embedded ones otherwise), training on synthetic data until the
 * session stops. Then the results files are checked.
 */
class StandaloneLauncherIT {

    /** Four balanced classes: chance is 0.25. */
    private static final double WELL_ABOVE_CHANCE = 0.5;

    @TempDir
    Path results;

    /** Per-worker broker users are broker-wide: never left behind. */
    @org.junit.jupiter.api.AfterEach
    void deleteWorkerUsers() {
        io.asyn2f.testing.RabbitMqUsers.deleteWorkerUsers();
    }

    @Test
    void shouldTrainUntilTheSessionStopsAndWriteTheResults() throws Exception {
        List<String> args = new ArrayList<>(List.of("--dataset", "synthetic", "--model", "mlp:20-16-4",
                "--workers", "2", "--train-samples", "2000", "--test-samples", "400", "--slowdowns", "1,2",
                "--target-accuracy", "0.99", "--max-versions", "5", "--max-time", "120s",
                "--results", results.toString(), "--no-progress"));
        args.addAll(services());
        LauncherOptions options = LauncherOptions.parse(args, Map.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<RunResult> runs = StandaloneLauncher.execute(options, new PrintStream(console, true, StandardCharsets.UTF_8));

        RunResult run = runs.get(0);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("SYNTHETIC data").contains("asyn2f: stopped by");
        // The target is out of reach on purpose, so the session always ends the same way: after five versions.
        assertThat(run.workerFailures()).isEmpty();
        assertThat(run.stopReason()).isEqualTo("MAX_VERSION");
        assertThat(run.finalVersion()).isEqualTo(5);
        assertThat(run.bestAccuracy()).isGreaterThan(WELL_ABOVE_CHANCE);
        assertThat(run.versions()).allSatisfy(v -> assertThat(v.participants()).isBetween(1, 2));
        // Each trainer downloaded at least version 0 and uploaded at least one update.
        assertThat(run.traffic()).extracting(t -> t.worker()).containsExactly("trainer-0", "trainer-1");
        assertThat(run.traffic()).allSatisfy(t -> {
            assertThat(t.bytesDownloaded()).isPositive();
            assertThat(t.bytesUploaded()).isPositive();
        });

        List<String> csv = Files.readAllLines(results.resolve("asyn2f/versions.csv"));
        assertThat(csv.get(0)).isEqualTo(ResultsWriter.CSV_HEADER);
        assertThat(csv).hasSize(run.versions().size() + 1);
        assertThat(run.versions().stream().filter(VersionRecord::evaluated)).isNotEmpty();
        assertThat(Files.readString(results.resolve("asyn2f/summary.json")))
                .contains("\"stopReason\"").contains("\"partitionSizes\"")
                .contains("\"sessionId\" : \"" + run.sessionId() + "\"")
                .contains("\"finalModel\" : \"final-model.zip\"");
        // The last global version as a DL4J model: DL4J alone loads it, with the catalogue architecture's parameters.
        assertThat(run.finalModel()).isEqualTo(results.resolve("asyn2f/" + StandaloneLauncher.FINAL_MODEL));
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork model =
                org.deeplearning4j.nn.multilayer.MultiLayerNetwork.load(run.finalModel().toFile(), false);
        assertThat(model.numParams()).isEqualTo(io.asyn2f.api.catalogue.ModelCatalogue.parameterCount("mlp:20-16-4"));
        assertThat(model.output(org.nd4j.linalg.factory.Nd4j.zeros(1, 20)).columns()).isEqualTo(4);
        BufferedImage chart = ImageIO.read(results.resolve("accuracy.png").toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isGreaterThan(100);
    }

    /**
     * What a user gets from {@code ./asyn2f}: the launcher's own store on a results folder given relative to the
     * working directory. Workers join right after the session is created, before any global.published event, so the
     * gateway can only find version 0 in the store; a store that could not list (S3Proxy on a relative root) made
     * every worker stop at once.
     */
    @Test
    void shouldStartEveryWorkerFromVersionZeroInItsOwnStoreOnARelativeResultsFolder() throws Exception {
        Path relative = Path.of("target", "launcher-it-" + java.util.UUID.randomUUID());
        List<String> args = new ArrayList<>(List.of("--dataset", "synthetic", "--model", "mlp:20-16-4",
                "--workers", "2", "--train-samples", "1000", "--test-samples", "200", "--slowdowns", "1,1",
                "--target-accuracy", "0.99", "--max-versions", "2", "--max-time", "120s",
                "--results", relative.toString(), "--no-progress"));
        args.addAll(databaseAndBroker());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<RunResult> runs = StandaloneLauncher.execute(LauncherOptions.parse(args, Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("embedded S3Proxy in " + relative);
        assertThat(runs.get(0).workerFailures()).isEmpty();
        assertThat(runs.get(0).stopReason()).isEqualTo("MAX_VERSION");
        assertThat(Files.list(relative.resolve("store/asyn2f/sessions")).count()).isEqualTo(1);
    }

    /**
     * {@code --dropout}: trainer-0 leaves 4.5 s after the trainers started and a new instance for its partition comes
     * back at 9 s as the same worker (36 s before the time limit: starting a trainer on a busy machine takes seconds); the session goes on without a worker failure, and versions after the return
     * aggregate both trainers again (asyn2f's m is 2 with two trainers: one alone makes a version only after maxWait).
     */
    @Test
    void shouldLetATrainerLeaveAndComeBackAsTheSameWorker() throws Exception {
        List<String> args = new ArrayList<>(List.of("--dataset", "synthetic", "--model", "mlp:20-16-4",
                "--workers", "2", "--train-samples", "1000", "--test-samples", "200", "--slowdowns", "1,1",
                "--target-accuracy", "0.99", "--max-time", "45s", "--dropout", "1", "--dropout-after", "0.1",
                "--return-after", "0.2", "--results", results.toString(), "--no-progress"));
        args.addAll(databaseAndBroker());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<RunResult> runs = StandaloneLauncher.execute(LauncherOptions.parse(args, Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("dropout: trainer-0 leaves at 4s and returns at 9s")
                .contains("trainer-0 leaves (dropout)").contains("trainer-0 comes back (dropout)");
        RunResult run = runs.get(0);
        assertThat(run.workerFailures()).isEmpty();
        assertThat(run.stopReason()).isEqualTo("MAX_TIME");
        assertThat(run.versions()).as("versions of both trainers after the return")
                .anySatisfy(v -> {
                    assertThat(v.elapsedSeconds()).isGreaterThan(10);
                    assertThat(v.participants()).isEqualTo(2);
                });
        assertThat(Files.readString(results.resolve("asyn2f/summary.json")))
                .contains("\"schedule\" : \"dropout: trainer-0 leaves at 4s and returns at 9s\"");
    }

    /**
     * {@code --rabbitmq-management}: every worker trains with a broker user of its own, which may publish only its
     * updates (the tester its evaluations), and the aggregator accepts an update only from its worker's user; the
     * session runs as with the shared account. Needs the RabbitMQ management API (CI has it).
     */
    @Test
    void shouldTrainWithABrokerUserOfItsOwnForEveryWorker() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestInfrastructure.rabbitMqManagement().isPresent(),
                "needs the RabbitMQ management API");
        List<String> args = new ArrayList<>(List.of("--dataset", "synthetic", "--model", "mlp:20-16-4",
                "--workers", "2", "--train-samples", "1000", "--test-samples", "200", "--slowdowns", "1,1",
                "--target-accuracy", "0.99", "--max-versions", "3", "--max-time", "120s",
                "--results", results.toString(), "--no-progress"));
        args.addAll(databaseAndBroker());
        args.addAll(List.of("--rabbitmq-management", TestInfrastructure.rabbitMqManagement().orElseThrow()
                .toString()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<RunResult> runs = StandaloneLauncher.execute(LauncherOptions.parse(args, Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("a broker user per worker");
        RunResult run = runs.get(0);
        assertThat(run.workerFailures()).isEmpty();
        assertThat(run.stopReason()).isEqualTo("MAX_VERSION");
        assertThat(run.finalVersion()).isEqualTo(3);
        assertThat(run.versions().stream().filter(VersionRecord::evaluated)).isNotEmpty();
    }

    /** The CI machine's PostgreSQL and RabbitMQ when the test infrastructure has them, and its S3 store. */
    static List<String> services() {
        List<String> args = databaseAndBroker();
        S3Endpoint s3 = TestInfrastructure.s3();
        args.addAll(List.of("--s3-endpoint", s3.endpointUrl(), "--s3-access-key", s3.accessKey(),
                "--s3-secret-key", s3.secretKey(), "--s3-region", s3.region()));
        return args;
    }

    private static List<String> databaseAndBroker() {
        List<String> args = new ArrayList<>();
        PostgresEndpoint postgres = TestInfrastructure.freshDatabase("standalone");
        args.addAll(List.of("--postgres", postgres.jdbcUrl(), "--postgres-user", postgres.username(),
                "--postgres-password", postgres.password()));
        RabbitMqEndpoint rabbit = TestInfrastructure.rabbitMq();
        args.addAll(List.of("--rabbitmq", "amqp://" + encode(rabbit.username()) + ":" + encode(rabbit.password()) + "@"
                + rabbit.host() + ":" + rabbit.port() + "/" + encode(rabbit.virtualHost())));
        return args;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
