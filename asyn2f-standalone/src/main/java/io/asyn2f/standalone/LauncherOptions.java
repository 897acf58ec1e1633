package io.asyn2f.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.asyn2f.core.aggregation.StrategyDefinition;
import io.asyn2f.standalone.attack.AttackKind;

/**
 * The launcher's command line, parsed and checked. Every option is documented in {@link #USAGE}; a bad option is
 * an {@link IllegalArgumentException} whose message says what was wrong and what is accepted.
 */
public record LauncherOptions(
        Command command,
        int workers,
        List<String> strategies,
        String model,
        String dataset,
        Path dataDirectory,
        int trainSamples,
        int testSamples,
        double targetAccuracy,
        Duration maxTime,
        long maxVersions,
        int minUpdates,
        int exchangeEveryEpochs,
        int batchSize,
        long seed,
        List<Double> slowdowns,
        String partition,
        Path resultsDirectory,
        External external,
        boolean progress,
        int malicious,
        AttackKind attack,
        boolean defences,
        String robust,
        LoadTest loadTest,
        int metricsPort,
        String scenario,
        int repeats,
        boolean warmupRun,
        Dropout dropout) {

    /** What the launcher does. */
    public enum Command { RUN, COMPARE, LOADTEST, HELP }

    /** The most simulated workers one loadtest may start. */
    public static final int MAX_LOADTEST_WORKERS = 100_000;

    /**
     * What {@code loadtest} adds (null for the other commands).
     *
     * @param warmup         how long the workers submit before the measured window (not counted: JIT warm-up)
     * @param duration       how long the measured window lasts (registration and warm-up come before it)
     * @param updateEvery    each worker's time between two updates
     * @param heartbeatEvery each worker's time between two heartbeats; null: the interval the registry asks for
     * @param drainTimeout   after the window, how long the wait for every acknowledged update to be decided goes on
     *                       without progress
     */
    public record LoadTest(Duration warmup, Duration duration, Duration updateEvery, Duration heartbeatEvery,
            Duration drainTimeout) {
    }

    /** Every strategy of the registry, in the order {@code compare} runs them. */
    public static final List<String> ALL_STRATEGIES = StrategyDefinition.names();

    /** The robust rules a session may name (aggregator-api.md, {@code defences.robust.kind}). */
    public static final List<String> ROBUST_RULES = List.of("none", "median", "trimmed-mean", "multi-krum");

    /** The scenarios {@code --scenario} accepts: files {@code scenarios/NAME.properties} on the class path. */
    public static final List<String> SCENARIOS = List.of("iid-mild", "noniid-hetero", "noniid-extreme", "dropout",
            "10-workers");

    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Services to use instead of the embedded ones; null fields mean embedded.
     *
     * @param rabbitMqUri  {@code amqp://user:password@host:port/vhost}
     * @param postgresUrl  a JDBC URL
     * @param s3Endpoint   an S3-compatible endpoint URL
     * @param rabbitMqManagementUrl the external RabbitMQ's management API ({@code http://[user:password@]host:15672/});
     *                     set, every worker gets a broker user of its own (docs/security.md, "Broker identity")
     */
    public record External(String rabbitMqUri, String postgresUrl, String postgresUser, String postgresPassword,
            String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Region, String rabbitMqManagementUrl) {

        /** Without per-worker broker users. */
        public External(String rabbitMqUri, String postgresUrl, String postgresUser, String postgresPassword,
                String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Region) {
            this(rabbitMqUri, postgresUrl, postgresUser, postgresPassword, s3Endpoint, s3AccessKey, s3SecretKey,
                    s3Region, null);
        }

        public boolean any() {
            return rabbitMqUri != null || postgresUrl != null || s3Endpoint != null;
        }
    }

    public static final String USAGE = """
            Usage: ./asyn2f [run] [options]         one federated training session, end to end
                   ./asyn2f compare [options]       the same setup once per strategy, side by side
                   ./asyn2f loadtest [options]      the platform under N simulated workers (no training)
                   ./asyn2f sessions|workers|models ...  operate a deployed platform (./asyn2f sessions --help)
                   ./asyn2f --help

            Runs the whole asyn2f platform in one JVM: an embedded AMQP broker (Qpid), PostgreSQL and an S3 store,
            then the registry, storage gateway and aggregator on free ports, a session, N trainer workers with
            differing partition sizes and speeds, and a tester. Prints a live progress line and writes CSV, JSON
            and a PNG chart to the results folder, with each strategy's last global model as a DL4J file.

            Training
              --workers N               trainer workers (default 5)
              --strategy NAME           STRATEGY_NAMES (default asyn2f; run only)
              --strategies A,B,...      strategies for compare (default all of them)
              --model DESCRIPTOR        model from the catalogue (default mlp:784-128-10)
              --dataset NAME            auto | fashion-mnist | synthetic (default auto: Fashion-MNIST when
                                        present in --data-dir, otherwise a synthetic set, said clearly)
              --data-dir DIR            Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
              --train-samples N         training samples shared by all workers (default 60000, all of Fashion-MNIST)
              --test-samples N          samples the tester evaluates each version on (default 5000)
              --partition KIND          iid | dirichlet:ALPHA | shards (default iid, unequal sizes)
              --slowdowns F,F,...       per-worker slowdown factors, cycled (default 1,1,1.5,2,3)
              --m N                     updates per version of the strategies that count them: QUOTAS
                                        (default 3)
              --exchange-every-epochs N local epochs between uploads (default 1)
              --batch-size N            mini-batch size (default 64)
              --seed N                  seed for partitions, initial model and data order (default 42)

            Experiments (compare)
              --scenario NAME           a named set of defaults that the options above override: SCENARIO_LIST
              --repeats N               runs of every strategy, repeat r with seed --seed + r (same partition and
                                        initial model for every strategy of a repeat), the order of strategies
                                        rotated by one each repeat; means and 95% intervals (default 1)
              --no-warmup-run           skip the unreported warm-up session compare runs first so that JVM, JIT
                                        and DL4J warm-up is not charged to the first strategy
              --dropout N               the first N trainers leave mid-session (their process ends, heartbeats
                                        stop) and a new instance for the same partition comes back later,
                                        reconnecting as the same worker (default 0; run and compare)
              --dropout-after F         when they leave, a fraction of --max-time (default 0.3)
              --return-after F          when they come back, a fraction of --max-time (default 0.6)

            Load test (loadtest): N simulated workers that do over the wire what real ones do (register,
            heartbeat, presigned URLs, PUT blobs, announce with their own tokens, fetch each new global model),
            without DL4J; their blobs are the current global model plus noise. Takes --workers (up to MAX_LOADTEST),
            --model (default mlp:32-16-10), --strategy, --m, --seed, --results and the external-service options.
              --warmup DURATION         submitting before the measured window, not counted, while the JVM
                                        compiles the hot paths; the workers join over it less one update
                                        period (default 40s; 0s for none: all start at once)
              --duration DURATION       the measured window (default 60s)
              --update-every DURATION   each worker's time between updates (default 10s)
              --heartbeat-every DURATION each worker's time between heartbeats (default: the registry's interval)
              --drain-timeout DURATION  after the window, give up waiting for the aggregator to decide about every
                                        update once it decided nothing new for this long (default 2m)

            Stopping
              --target-accuracy X       stop when the tester reports at least X (default 0.87)
              --max-time DURATION       stop after this wall time, e.g. 90s or 3m (default 3m)
              --max-versions N          stop after N global versions (default: no limit)

            Attack experiment (docs/security.md, "Attack experiment")
              --malicious N             make the first N trainers hostile (trainer-0 .. trainer-N-1, the fastest
                                        by the default slowdowns; default 0)
              --attack KIND             what they do: loss-zero | samples-inflation | sign-flip | scale |
                                        label-flip | noise (required with --malicious)
              --defences on|none        the session's bounds on one update's influence (default on; none turns
                                        them off, for comparison)
              --robust KIND             a robust rule inside the strategy: none | median | trimmed-mean |
                                        multi-krum (default: the session's default)

            Output
              --results DIR             results folder (default results/<date-time>)
              --no-progress             no live progress line
              --metrics-port N          where the in-process workers' metrics are served (/actuator/prometheus,
                                        each worker with its own worker label; default: a free port)

            External services instead of the embedded ones (or environment variables)
              --rabbitmq URI            amqp://user:password@host:5672/vhost      (ASYN2F_RABBITMQ_URI)
              --rabbitmq-management URL http://[user:pw@]host:15672/: each worker gets a broker user of its own
                                        (ASYN2F_RABBITMQ_MANAGEMENT_URL; user default: the --rabbitmq one,
                                        which must then be allowed to manage users)
              --postgres JDBC-URL       jdbc:postgresql://host:5432/db             (ASYN2F_POSTGRES_URL)
              --postgres-user NAME      (ASYN2F_POSTGRES_USER, default postgres)
              --postgres-password PW    (ASYN2F_POSTGRES_PASSWORD)
              --s3-endpoint URL         http://minio:9000                          (ASYN2F_S3_ENDPOINT)
              --s3-access-key KEY       (ASYN2F_S3_ACCESS_KEY)
              --s3-secret-key KEY       (ASYN2F_S3_SECRET_KEY)
              --s3-region REGION        (ASYN2F_S3_REGION, default us-east-1)

              -h, --help                this help
            """.replace("MAX_LOADTEST", Integer.toString(MAX_LOADTEST_WORKERS))
            .replace("SCENARIO_LIST", scenarioList())
            .replace("STRATEGY_NAMES", String.join(" | ", ALL_STRATEGIES))
            .replace("QUOTAS", String.join(", ", StrategyDefinition.all().stream()
                    .flatMap(d -> d.quotaParameter().map(q -> d.name() + " " + q).stream()).toList()));

    private static final Set<String> FLAGS = Set.of("--no-progress", "--help", "-h", "--no-warmup-run");

    /** Parses arguments, taking external-service settings from {@code environment} where no option gives them. */
    public static LauncherOptions parse(List<String> args, Map<String, String> environment) {
        List<String> rest = new ArrayList<>(args);
        Command command = Command.RUN;
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            String word = rest.remove(0);
            command = switch (word) {
                case "run" -> Command.RUN;
                case "compare" -> Command.COMPARE;
                case "loadtest" -> Command.LOADTEST;
                case "help" -> Command.HELP;
                default -> throw new IllegalArgumentException(
                        "unknown command '" + word + "'; expected run, compare, loadtest, sessions, workers, models "
                                + "or --help");
            };
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (FLAGS.contains(name)) {
                values.put(name, "true");
                continue;
            }
            if (!Option.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; see ./asyn2f --help");
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = rest.get(++i);
            }
            values.put(name, value);
        }
        if (values.containsKey("--help") || values.containsKey("-h")) {
            command = Command.HELP;
        }
        if (command == Command.HELP) {
            // Help wins over everything else, a scenario that does not exist included.
            values.remove("--scenario");
        }
        String scenario = values.get("--scenario");
        if (scenario != null) {
            if (command != Command.COMPARE && command != Command.RUN) {
                throw new IllegalArgumentException("--scenario belongs to run and compare");
            }
            scenarioDefaults(scenario.trim()).forEach(values::putIfAbsent);
        }
        if (command != Command.COMPARE && command != Command.HELP) {
            for (String option : List.of("--repeats", "--no-warmup-run")) {
                if (values.containsKey(option)) {
                    throw new IllegalArgumentException(option + " belongs to compare");
                }
            }
        }
        Option o = new Option(values);
        List<String> strategies;
        if (command == Command.COMPARE) {
            if (values.containsKey("--strategy")) {
                throw new IllegalArgumentException("compare runs several strategies: use --strategies, not --strategy");
            }
            strategies = o.strategies("--strategies", ALL_STRATEGIES);
        } else {
            if (values.containsKey("--strategies")) {
                throw new IllegalArgumentException("--strategies belongs to compare; a run takes --strategy");
            }
            strategies = o.strategies("--strategy", List.of("asyn2f"));
            if (strategies.size() != 1) {
                throw new IllegalArgumentException("--strategy takes one strategy");
            }
        }
        External external = new External(
                o.text("--rabbitmq", environment.get("ASYN2F_RABBITMQ_URI")),
                o.text("--postgres", environment.get("ASYN2F_POSTGRES_URL")),
                o.text("--postgres-user", environment.getOrDefault("ASYN2F_POSTGRES_USER", "postgres")),
                o.text("--postgres-password", environment.getOrDefault("ASYN2F_POSTGRES_PASSWORD", "")),
                o.text("--s3-endpoint", environment.get("ASYN2F_S3_ENDPOINT")),
                o.text("--s3-access-key", environment.get("ASYN2F_S3_ACCESS_KEY")),
                o.text("--s3-secret-key", environment.get("ASYN2F_S3_SECRET_KEY")),
                o.text("--s3-region", environment.getOrDefault("ASYN2F_S3_REGION", "us-east-1")),
                o.text("--rabbitmq-management", environment.get("ASYN2F_RABBITMQ_MANAGEMENT_URL")));
        if (external.rabbitMqManagementUrl() != null) {
            if (external.rabbitMqUri() == null) {
                throw new IllegalArgumentException("--rabbitmq-management needs --rabbitmq: the embedded broker keeps "
                        + "the shared worker account");
            }
            if (!external.rabbitMqManagementUrl().matches("https?://.+")) {
                throw new IllegalArgumentException("--rabbitmq-management must be an http(s):// URL, was '"
                        + external.rabbitMqManagementUrl() + "'");
            }
        }
        if (external.rabbitMqUri() != null && !external.rabbitMqUri().matches("amqps?://.+")) {
            throw new IllegalArgumentException("--rabbitmq must be an amqp:// URI, was '" + external.rabbitMqUri() + "'");
        }
        if (external.postgresUrl() != null && !external.postgresUrl().startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--postgres must be a jdbc:postgresql:// URL");
        }
        if (external.s3Endpoint() != null
                && (external.s3AccessKey() == null || external.s3SecretKey() == null)) {
            throw new IllegalArgumentException("--s3-endpoint needs --s3-access-key and --s3-secret-key");
        }
        String dataset = o.text("--dataset", "auto");
        if (!Set.of("auto", "fashion-mnist", "synthetic").contains(dataset)) {
            throw new IllegalArgumentException("--dataset must be auto, fashion-mnist or synthetic, was '" + dataset + "'");
        }
        String partition = o.text("--partition", "iid");
        if (!partition.matches("iid|shards|dirichlet:\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("--partition must be iid, shards or dirichlet:ALPHA, was '" + partition + "'");
        }
        boolean loadTest = command == Command.LOADTEST;
        if (!loadTest) {
            for (String option : LOADTEST_ONLY) {
                if (values.containsKey(option)) {
                    throw new IllegalArgumentException(option + " belongs to loadtest");
                }
            }
        } else if (external.rabbitMqManagementUrl() != null) {
            throw new IllegalArgumentException("loadtest shares one broker connection among its simulated workers, "
                    + "so it cannot give each its own broker user: leave out --rabbitmq-management");
        }
        int workers = o.integer("--workers", 5, 1, loadTest ? MAX_LOADTEST_WORKERS : 64);
        int malicious = o.integer("--malicious", 0, 0, 64);
        if (malicious > workers) {
            throw new IllegalArgumentException("--malicious must be at most the number of trainers (--workers "
                    + workers + "), was " + malicious);
        }
        AttackKind attack = null;
        if (values.containsKey("--attack")) {
            attack = AttackKind.parse(values.get("--attack").trim());
            if (malicious == 0) {
                throw new IllegalArgumentException("--attack needs --malicious N with N >= 1");
            }
        } else if (malicious > 0) {
            throw new IllegalArgumentException("--malicious needs --attack KIND, one of " + AttackKind.labels());
        }
        String defences = o.text("--defences", "on");
        if (!defences.equals("on") && !defences.equals("none")) {
            throw new IllegalArgumentException("--defences must be on or none, was '" + defences + "'");
        }
        String robust = o.text("--robust", null);
        if (robust != null && !ROBUST_RULES.contains(robust)) {
            throw new IllegalArgumentException("--robust must be one of " + String.join(", ", ROBUST_RULES) + ", was '"
                    + robust + "'");
        }
        if (robust != null && defences.equals("none")) {
            throw new IllegalArgumentException("--robust needs the defences on; --defences none turns every rule off");
        }
        Dropout dropout = Dropout.NONE;
        if (values.containsKey("--dropout")) {
            if (loadTest) {
                throw new IllegalArgumentException("--dropout belongs to run and compare");
            }
            int leaving = o.integer("--dropout", 0, 0, 63);
            if (leaving >= workers) {
                throw new IllegalArgumentException("--dropout must leave at least one trainer in the session: at most "
                        + (workers - 1) + " of --workers " + workers + ", was " + leaving);
            }
            dropout = new Dropout(leaving, o.number("--dropout-after", Dropout.NONE.leaveAfter()),
                    o.number("--return-after", Dropout.NONE.returnAfter()));
        } else {
            for (String option : List.of("--dropout-after", "--return-after")) {
                if (values.containsKey(option)) {
                    throw new IllegalArgumentException(option + " needs --dropout N");
                }
            }
        }
        Path results = Path.of(o.text("--results", "results/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))));
        return new LauncherOptions(command,
                workers,
                strategies,
                o.text("--model", loadTest ? "mlp:32-16-10" : "mlp:784-128-10"),
                dataset,
                Path.of(o.text("--data-dir", DEFAULT_DATA_DIRECTORY.toString())),
                o.integer("--train-samples", 60_000, 100, 60_000),
                o.integer("--test-samples", 5_000, 100, 10_000),
                o.fraction("--target-accuracy", 0.87),
                o.duration("--max-time", Duration.ofMinutes(3)),
                o.integer("--max-versions", 0, 0, 1_000_000),
                o.integer("--m", 3, 1, loadTest ? 10_000 : 64),
                o.integer("--exchange-every-epochs", 1, 1, 100),
                o.integer("--batch-size", 64, 1, 4096),
                o.integer("--seed", 42, 0, Integer.MAX_VALUE),
                o.factors("--slowdowns", List.of(1.0, 1.0, 1.5, 2.0, 3.0)),
                partition,
                results,
                external,
                !values.containsKey("--no-progress"),
                malicious,
                attack,
                defences.equals("on"),
                robust,
                loadTest ? new LoadTest(o.duration("--warmup", Duration.ofSeconds(40), true),
                        o.duration("--duration", Duration.ofSeconds(60)),
                        o.duration("--update-every", Duration.ofSeconds(10)),
                        o.duration("--heartbeat-every", null),
                        o.duration("--drain-timeout", Duration.ofMinutes(2))) : null,
                o.integer("--metrics-port", 0, 0, 65_535),
                scenario == null ? null : scenario.trim(),
                o.integer("--repeats", 1, 1, 100),
                command == Command.COMPARE && !values.containsKey("--no-warmup-run"),
                dropout);
    }

    /**
     * The option values a scenario file gives, keyed by option ({@code --partition}); its {@code description} is
     * not an option and is left out.
     */
    static Map<String, String> scenarioDefaults(String name) {
        if (!SCENARIOS.contains(name)) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; expected one of "
                    + String.join(", ", SCENARIOS));
        }
        Properties properties = scenarioFile(name);
        Map<String, String> defaults = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.equals("description")) {
                continue;
            }
            String option = "--" + key;
            if (!Option.NAMES.contains(option) || option.equals("--scenario")) {
                throw new IllegalStateException("scenario " + name + " sets unknown option " + key);
            }
            defaults.put(option, properties.getProperty(key).trim());
        }
        return defaults;
    }

    private static Properties scenarioFile(String name) {
        Properties properties = new Properties();
        try (InputStream in = LauncherOptions.class.getResourceAsStream("/scenarios/" + name + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("scenario file scenarios/" + name + ".properties is missing");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The one line a scenario file gives under {@code description}, shown in the help. */
    static String scenarioDescription(String name) {
        return scenarioFile(name).getProperty("description", "").trim();
    }

    private static String scenarioList() {
        StringBuilder list = new StringBuilder();
        for (String name : SCENARIOS) {
            list.append("\n").append(" ".repeat(30)).append(String.format(Locale.ROOT, "%-15s %s", name,
                    scenarioDescription(name)));
        }
        return list.toString();
    }

    /** The same options with another seed (one repeat of compare). */
    public LauncherOptions withSeed(long newSeed) {
        return new LauncherOptions(command, workers, strategies, model, dataset, dataDirectory, trainSamples,
                testSamples, targetAccuracy, maxTime, maxVersions, minUpdates, exchangeEveryEpochs, batchSize, newSeed,
                slowdowns, partition, resultsDirectory, external, progress, malicious, attack, defences, robust,
                loadTest, metricsPort, scenario, repeats, warmupRun, dropout);
    }

    /**
     * The same options for a short session: at most {@code versions} versions within {@code time}, nobody leaving
     * (the warm-up session).
     */
    public LauncherOptions shortened(long versions, Duration time) {
        return new LauncherOptions(command, workers, strategies, model, dataset, dataDirectory, trainSamples,
                testSamples, targetAccuracy, time, versions, minUpdates, exchangeEveryEpochs, batchSize, seed,
                slowdowns, partition, resultsDirectory, external, progress, malicious, attack, defences, robust,
                loadTest, metricsPort, scenario, repeats, warmupRun, Dropout.NONE);
    }

    /** The options only {@code loadtest} takes. */
    private static final List<String> LOADTEST_ONLY = List.of("--warmup", "--duration", "--update-every",
            "--heartbeat-every", "--drain-timeout");

    /** Whether trainer {@code index} is one of the attack experiment's hostile trainers (the first N). */
    public boolean hostile(int index) {
        return index < malicious;
    }

    /** The slowdown factor of trainer {@code index}, cycling through the list. */
    public double slowdownOf(int index) {
        return slowdowns.get(index % slowdowns.size());
    }

    /** Typed access to the parsed values, with the option's name in every error. */
    private record Option(Map<String, String> values) {

        static final Set<String> NAMES = Set.of("--workers", "--strategy", "--strategies", "--model", "--dataset",
                "--data-dir", "--train-samples", "--test-samples", "--target-accuracy", "--max-time",
                "--max-versions", "--m", "--exchange-every-epochs", "--batch-size", "--seed", "--slowdowns",
                "--partition", "--results", "--rabbitmq", "--rabbitmq-management", "--postgres", "--postgres-user",
                "--postgres-password", "--s3-endpoint", "--s3-access-key", "--s3-secret-key", "--s3-region",
                "--malicious", "--attack", "--defences", "--robust", "--warmup", "--duration", "--update-every",
                "--heartbeat-every", "--drain-timeout", "--metrics-port", "--scenario", "--repeats", "--dropout",
                "--dropout-after", "--return-after");

        String text(String name, String fallback) {
            String value = values.get(name);
            if (value != null && value.isBlank() && !name.endsWith("-password")) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value != null ? value : fallback;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            int number;
            try {
                number = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + number);
            }
            return number;
        }

        double fraction(String name, double fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                double number = Double.parseDouble(value.trim());
                if (number > 0 && number <= 1) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number in (0, 1], was '" + value + "'");
        }

        /** A plain number (its range is checked by the caller). */
        double number(String name, double fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
            }
        }

        Duration duration(String name, Duration fallback) {
            return duration(name, fallback, false);
        }

        Duration duration(String name, Duration fallback, boolean zeroAllowed) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(value.trim());
            if (!m.matches() || (Long.parseLong(m.group(1)) == 0 && !zeroAllowed)) {
                throw new IllegalArgumentException(name + " must look like 90s, 3m or 1h, was '" + value + "'");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }

        List<Double> factors(String name, List<Double> fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                List<Double> factors = Arrays.stream(value.split(",")).map(String::trim).map(Double::valueOf).toList();
                if (!factors.isEmpty() && factors.stream().allMatch(f -> f >= 1 && f <= 100)) {
                    return factors;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be comma-separated factors between 1 and 100, was '"
                    + value + "'");
        }

        List<String> strategies(String name, List<String> fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            List<String> chosen = Arrays.stream(value.split(",")).map(String::trim).toList();
            for (String strategy : chosen) {
                if (!ALL_STRATEGIES.contains(strategy)) {
                    throw new IllegalArgumentException("unknown strategy '" + strategy + "'; expected one of "
                            + String.join(", ", ALL_STRATEGIES));
                }
            }
            return chosen;
        }
    }
}
