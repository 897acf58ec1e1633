package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherOptionsTests {

    @Test
    void defaultsDescribeAFewMinuteRunOfFiveHeterogeneousWorkers() {
        LauncherOptions options = LauncherOptions.parse(List.of(), Map.of());

        assertThat(options.command()).isEqualTo(LauncherOptions.Command.RUN);
        assertThat(options.workers()).isEqualTo(5);
        assertThat(options.strategies()).containsExactly("asyn2f");
        assertThat(options.model()).isEqualTo("mlp:784-128-10");
        assertThat(options.maxTime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(options.targetAccuracy()).isEqualTo(0.87);
        assertThat(options.slowdownOf(4)).isEqualTo(3.0);
        assertThat(options.slowdownOf(5)).isEqualTo(1.0);
        assertThat(options.external().any()).isFalse();
        assertThat(options.progress()).isTrue();
    }

    @Test
    void parsesBothSpellingsAndCompare() {
        LauncherOptions options = LauncherOptions.parse(List.of("compare", "--workers=3", "--max-time", "90s",
                "--strategies", "asyn2f,fedavg", "--results", "out", "--no-progress"), Map.of());

        assertThat(options.command()).isEqualTo(LauncherOptions.Command.COMPARE);
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.maxTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.strategies()).containsExactly("asyn2f", "fedavg");
        assertThat(options.resultsDirectory()).isEqualTo(Path.of("out"));
        assertThat(options.progress()).isFalse();
        assertThat(LauncherOptions.parse(List.of("compare"), Map.of()).strategies())
                .containsExactlyElementsOf(LauncherOptions.ALL_STRATEGIES);
    }

    @Test
    void parsesALoadTestWithItsOwnDefaultsAndBounds() {
        LauncherOptions options = LauncherOptions.parse(List.of("loadtest", "--workers", "10000", "--duration", "2m",
                "--heartbeat-every", "30s", "--m", "100"), Map.of());

        assertThat(options.command()).isEqualTo(LauncherOptions.Command.LOADTEST);
        assertThat(options.workers()).isEqualTo(10_000);
        assertThat(options.model()).isEqualTo("mlp:32-16-10");
        assertThat(options.minUpdates()).isEqualTo(100);
        assertThat(options.loadTest().duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.loadTest().warmup()).isEqualTo(Duration.ofSeconds(40));
        assertThat(LauncherOptions.parse(List.of("loadtest", "--warmup", "0s"), Map.of()).loadTest().warmup())
                .isZero();
        assertThat(options.loadTest().updateEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.loadTest().heartbeatEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.loadTest().drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(LauncherOptions.parse(List.of("loadtest"), Map.of()).loadTest().heartbeatEvery())
                .as("the registry's interval").isNull();
        assertThat(LauncherOptions.parse(List.of(), Map.of()).loadTest()).isNull();
    }

    @Test
    void refusesLoadTestOptionsElsewhereAndLoadTestsBeyondTheirBounds() {
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--duration", "60s"), Map.of()))
                .hasMessageContaining("--duration belongs to loadtest");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--workers", "65"), Map.of()))
                .hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("loadtest", "--workers", "100001"), Map.of()))
                .hasMessageContaining("between 1 and 100000");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("loadtest", "--update-every", "0s"), Map.of()))
                .hasMessageContaining("--update-every");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("loadtest", "--rabbitmq", "amqp://u:p@mq:5672/",
                "--rabbitmq-management", "http://mq:15672/"), Map.of()))
                .hasMessageContaining("leave out --rabbitmq-management");
    }

    @Test
    void takesExternalServicesFromOptionsOrEnvironment() {
        LauncherOptions options = LauncherOptions.parse(List.of("--rabbitmq", "amqp://u:p@mq:5672/%2f"),
                Map.of("ASYN2F_POSTGRES_URL", "jdbc:postgresql://db:5432/fl", "ASYN2F_S3_ENDPOINT", "http://minio:9000",
                        "ASYN2F_S3_ACCESS_KEY", "k", "ASYN2F_S3_SECRET_KEY", "s"));

        assertThat(options.external().rabbitMqUri()).isEqualTo("amqp://u:p@mq:5672/%2f");
        assertThat(options.external().postgresUrl()).isEqualTo("jdbc:postgresql://db:5432/fl");
        assertThat(options.external().s3Endpoint()).isEqualTo("http://minio:9000");
        assertThat(options.external().any()).isTrue();
        assertThat(options.external().rabbitMqManagementUrl()).as("shared worker account unless asked").isNull();
    }

    @Test
    void takesTheRabbitMqManagementUrlForPerWorkerBrokerUsers() {
        LauncherOptions options = LauncherOptions.parse(List.of("--rabbitmq", "amqp://u:p@mq:5672/%2f",
                "--rabbitmq-management", "http://admin:pw@mq:15672/"), Map.of());

        assertThat(options.external().rabbitMqManagementUrl()).isEqualTo("http://admin:pw@mq:15672/");
        assertThat(LauncherOptions.parse(List.of("--rabbitmq", "amqp://u:p@mq:5672/%2f"),
                Map.of("ASYN2F_RABBITMQ_MANAGEMENT_URL", "http://mq:15672/")).external().rabbitMqManagementUrl())
                .isEqualTo("http://mq:15672/");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(LauncherOptions.parse(List.of("--workers", "3", "--help"), Map.of()).command())
                .isEqualTo(LauncherOptions.Command.HELP);
        assertThat(LauncherOptions.parse(List.of("-h"), Map.of()).command()).isEqualTo(LauncherOptions.Command.HELP);
    }

    @Test
    void everyOptionInTheParserIsDocumentedInTheHelp() {
        for (String option : List.of("--workers", "--strategy", "--strategies", "--model", "--dataset", "--data-dir",
                "--train-samples", "--test-samples", "--target-accuracy", "--max-time", "--max-versions", "--m",
                "--exchange-every-epochs", "--batch-size", "--seed", "--slowdowns", "--partition", "--results",
                "--rabbitmq", "--rabbitmq-management", "--postgres", "--postgres-user", "--postgres-password",
                "--s3-endpoint",
                "--s3-access-key", "--s3-secret-key", "--s3-region", "--no-progress", "--help")) {
            assertThat(LauncherOptions.USAGE).as(option).contains(option + " ");
        }
    }

    @Test
    void refusesBadOptionsWithAClearMessage() {
        assertRefused(List.of("--wrokers", "3"), "unknown option '--wrokers'");
        assertRefused(List.of("--workers"), "option --workers needs a value");
        assertRefused(List.of("--workers", "many"), "--workers must be a whole number, was 'many'");
        assertRefused(List.of("--workers", "0"), "--workers must be between 1 and 64, was 0");
        assertRefused(List.of("--strategy", "sgd"), "unknown strategy 'sgd'");
        assertRefused(List.of("--target-accuracy", "80"), "--target-accuracy must be a number in (0, 1]");
        assertRefused(List.of("--max-time", "soon"), "--max-time must look like 90s, 3m or 1h");
        assertRefused(List.of("--slowdowns", "1,0.5"), "--slowdowns must be comma-separated factors");
        assertRefused(List.of("--dataset", "cifar"), "--dataset must be auto, fashion-mnist or synthetic");
        assertRefused(List.of("--partition", "dirichlet"), "--partition must be iid, shards or dirichlet:ALPHA");
        assertRefused(List.of("--rabbitmq", "localhost"), "--rabbitmq must be an amqp:// URI");
        assertRefused(List.of("--rabbitmq-management", "http://mq:15672/"), "--rabbitmq-management needs --rabbitmq");
        assertRefused(List.of("--rabbitmq", "amqp://u:p@mq:5672/%2f", "--rabbitmq-management", "mq:15672"),
                "--rabbitmq-management must be an http(s):// URL");
        assertRefused(List.of("--s3-endpoint", "http://minio:9000"), "needs --s3-access-key and --s3-secret-key");
        assertRefused(List.of("train"), "unknown command 'train'");
        assertRefused(List.of("compare", "--strategy", "asyn2f"), "use --strategies");
        assertRefused(List.of("--workers", "3", "extra"), "unexpected argument 'extra'");
    }

    private static void assertRefused(List<String> args, String message) {
        assertThatThrownBy(() -> LauncherOptions.parse(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void attackExperimentMakesTheFirstTrainersHostileWithDefencesOnByDefault() {
        LauncherOptions clean = LauncherOptions.parse(List.of(), Map.of());
        assertThat(clean.malicious()).isZero();
        assertThat(clean.attack()).isNull();
        assertThat(clean.defences()).isTrue();

        LauncherOptions options = LauncherOptions.parse(List.of("--malicious", "2", "--attack", "sign-flip",
                "--defences", "none"), Map.of());

        assertThat(options.malicious()).isEqualTo(2);
        assertThat(options.attack()).isEqualTo(io.asyn2f.standalone.attack.AttackKind.SIGN_FLIP);
        assertThat(options.defences()).isFalse();
        assertThat(options.hostile(0)).isTrue();
        assertThat(options.hostile(1)).isTrue();
        assertThat(options.hostile(2)).isFalse();
        assertThat(Experiment.attackLine(options))
                .isEqualTo("hostile: trainer-0, trainer-1 (sign-flip); defences none");
    }

    @Test
    void attackOptionsAreCheckedWithAClearMessage() {
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--malicious", "1", "--attack", "backdoor"), Map.of()))
                .hasMessageContaining("unknown attack 'backdoor'").hasMessageContaining("label-flip");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--malicious", "6", "--attack", "noise"), Map.of()))
                .hasMessageContaining("--malicious must be at most the number of trainers (--workers 5), was 6");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--workers", "2", "--malicious", "3", "--attack",
                "noise"), Map.of())).hasMessageContaining("(--workers 2), was 3");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--malicious", "1"), Map.of()))
                .hasMessageContaining("--malicious needs --attack KIND");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--attack", "scale"), Map.of()))
                .hasMessageContaining("--attack needs --malicious N");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--defences", "off"), Map.of()))
                .hasMessageContaining("--defences must be on or none");
    }

    @Test
    void defencesNoneTurnsTheSessionBoundsOff() {
        LauncherOptions none = LauncherOptions.parse(List.of("--defences", "none"), Map.of());
        LauncherOptions on = LauncherOptions.parse(List.of(), Map.of());

        ExperimentData data = new ExperimentData("synthetic", "test", List.of(), null);

        assertThat(new Experiment(null, none, data, System.out, null).sessionConfiguration("asyn2f"))
                .containsEntry("defences", Map.of("enabled", false));
        assertThat(new Experiment(null, on, data, System.out, null).sessionConfiguration("asyn2f"))
                .doesNotContainKey("defences");
        LauncherOptions median = LauncherOptions.parse(List.of("--robust", "median"), Map.of());
        assertThat(new Experiment(null, median, data, System.out, null).sessionConfiguration("asyn2f"))
                .containsEntry("defences", Map.of("robust", Map.of("kind", "median")));
        assertThat(Experiment.attackLine(median)).isEqualTo("hostile: none; defences on, robust median");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--robust", "krum"), Map.of()))
                .hasMessageContaining("--robust must be one of none, median, trimmed-mean, multi-krum");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--robust", "median", "--defences", "none"), Map.of()))
                .hasMessageContaining("--robust needs the defences on");
    }

    @Test
    void aScenarioGivesItsDefaults() {
        LauncherOptions options = LauncherOptions.parse(List.of("compare", "--scenario", "noniid-hetero"), Map.of());

        assertThat(options.scenario()).isEqualTo("noniid-hetero");
        assertThat(options.partition()).isEqualTo("dirichlet:0.3");
        assertThat(options.slowdowns()).containsExactly(1.0, 1.0, 2.0, 4.0, 8.0);
        assertThat(options.workers()).isEqualTo(5);
        assertThat(options.minUpdates()).isEqualTo(3);
        assertThat(options.targetAccuracy()).isEqualTo(0.80);
        assertThat(LauncherOptions.parse(List.of("compare", "--scenario=10-workers"), Map.of()).workers())
                .isEqualTo(10);
        assertThat(LauncherOptions.parse(List.of("compare", "--scenario", "noniid-extreme"), Map.of()).partition())
                .isEqualTo("shards");
        assertThat(LauncherOptions.parse(List.of("compare"), Map.of()).scenario()).isNull();
    }

    @Test
    void anOptionOnTheCommandLineOverridesTheScenario() {
        LauncherOptions options = LauncherOptions.parse(List.of("compare", "--target-accuracy", "0.9",
                "--scenario", "noniid-hetero", "--slowdowns=1,3", "--workers", "4"), Map.of());

        assertThat(options.targetAccuracy()).isEqualTo(0.9);
        assertThat(options.slowdowns()).containsExactly(1.0, 3.0);
        assertThat(options.workers()).isEqualTo(4);
        assertThat(options.partition()).as("not overridden: the scenario's").isEqualTo("dirichlet:0.3");
    }

    @Test
    void everyScenarioFileParsesIntoValidOptions() {
        for (String scenario : LauncherOptions.SCENARIOS) {
            LauncherOptions options = LauncherOptions.parse(List.of("compare", "--scenario", scenario), Map.of());
            assertThat(options.scenario()).isEqualTo(scenario);
            assertThat(LauncherOptions.scenarioDefaults(scenario)).as(scenario).isNotEmpty()
                    .doesNotContainKey("--description").allSatisfy((option, value) ->
                            assertThat(option).startsWith("--"));
        }
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("compare", "--scenario", "noniid"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'noniid'")
                .hasMessageContaining(String.join(", ", LauncherOptions.SCENARIOS));
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("loadtest", "--scenario", "iid-mild"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--scenario belongs to run and compare");
    }

    @Test
    void repeatsAndTheWarmUpSwitchBelongToCompare() {
        LauncherOptions compare = LauncherOptions.parse(List.of("compare", "--repeats", "3"), Map.of());
        assertThat(compare.repeats()).isEqualTo(3);
        assertThat(compare.warmupRun()).isTrue();
        assertThat(LauncherOptions.parse(List.of("compare", "--no-warmup-run"), Map.of()).warmupRun()).isFalse();
        assertThat(LauncherOptions.parse(List.of("compare"), Map.of()).repeats()).isEqualTo(1);
        assertThat(LauncherOptions.parse(List.of(), Map.of()).warmupRun()).as("a run has no warm-up session")
                .isFalse();

        assertRefused(List.of("--repeats", "3"), "--repeats belongs to compare");
        assertRefused(List.of("run", "--repeats=2"), "--repeats belongs to compare");
        assertRefused(List.of("loadtest", "--repeats", "2"), "--repeats belongs to compare");
        assertRefused(List.of("run", "--no-warmup-run"), "--no-warmup-run belongs to compare");
        assertRefused(List.of("compare", "--repeats", "0"), "--repeats must be between 1 and 100, was 0");
    }

    @Test
    void helpListsTheScenariosWithTheirDescriptions() {
        for (String scenario : LauncherOptions.SCENARIOS) {
            String description = LauncherOptions.scenarioDescription(scenario);
            assertThat(description).as(scenario).isNotBlank();
            assertThat(LauncherOptions.USAGE.lines().filter(line -> line.contains(scenario)).toList())
                    .as(scenario).anySatisfy(line -> assertThat(line).contains(description));
        }
        assertThat(LauncherOptions.USAGE).contains("--scenario ").contains("--repeats ").contains("--no-warmup-run ")
                .contains("--dropout ").contains("--dropout-after ").contains("--return-after ");
    }

    @Test
    void helpWinsOverAScenario() {
        assertThat(LauncherOptions.parse(List.of("compare", "--scenario", "iid-mild", "--help"), Map.of()).command())
                .isEqualTo(LauncherOptions.Command.HELP);
        assertThat(LauncherOptions.parse(List.of("--scenario", "unknown", "-h"), Map.of()).command())
                .isEqualTo(LauncherOptions.Command.HELP);
    }

    @Test
    void strategiesComeFromTheRegistry() {
        assertThat(LauncherOptions.ALL_STRATEGIES)
                .containsExactlyElementsOf(io.asyn2f.core.aggregation.StrategyDefinition.names()).contains("fedavgm");
        assertThat(LauncherOptions.USAGE).contains(String.join(" | ", LauncherOptions.ALL_STRATEGIES))
                .contains("asyn2f m, kafl m, fedbuff bufferSize");
        assertThat(LauncherOptions.parse(List.of("--strategy", "fedavgm"), Map.of()).strategies())
                .containsExactly("fedavgm");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--strategy", "sgd"), Map.of()))
                .hasMessageContaining(String.join(", ", LauncherOptions.ALL_STRATEGIES));
    }

    @Test
    void eachStrategyIsComparedWithItsQuotaAndItsPapersSettings() {
        LauncherOptions options = LauncherOptions.parse(List.of("--workers", "2", "--m", "4"), Map.of());
        Experiment experiment = new Experiment(null, options, new ExperimentData("synthetic", "test", List.of(), null),
                System.out, null);

        assertThat(experiment.sessionConfiguration("kafl")).containsEntry("strategy", Map.of("name", "kafl", "m", 2));
        assertThat(experiment.sessionConfiguration("fedbuff"))
                .containsEntry("strategy", Map.of("name", "fedbuff", "bufferSize", 2));
        assertThat(experiment.sessionConfiguration("fedasync")).containsEntry("strategy", Map.of("name", "fedasync",
                "staleness", Map.of("function", "polynomial", "exponent", 0.5)));
        assertThat(experiment.sessionConfiguration("fedavgm")).containsEntry("strategy", Map.of("name", "fedavgm"));
    }
}
