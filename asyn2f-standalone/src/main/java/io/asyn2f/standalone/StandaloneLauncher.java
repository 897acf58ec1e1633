package io.asyn2f.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.cli.Cli;
import io.asyn2f.cli.ModelExporter;
import io.asyn2f.standalone.loadtest.LoadTest;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.standalone.platform.WorkerMetricsEndpoint;
import io.asyn2f.standalone.results.AccuracyChart;
import io.asyn2f.standalone.results.ResultsWriter;
import io.asyn2f.standalone.results.RunResult;
import io.asyn2f.worker.model.ModelExport;

/**
 * Entry point of {@code ./asyn2f}: the whole platform in one JVM, one session per strategy, results on disk.
 * Exit codes: 0 done, 1 the run failed, 2 bad options. {@code ./asyn2f sessions|workers|models ...} is the CLI for a
 * deployed platform instead ({@link Cli}, with its own exit codes).
 */
public final class StandaloneLauncher {

    /** Each strategy's last global version, in its results folder. */
    public static final String FINAL_MODEL = "final-model.zip";

    /** {@code models download --format dl4j}: the worker's network for the architecture, with the parameters. */
    static final ModelExporter DL4J_EXPORT = (architecture, parameters, learningRate, file) ->
            ModelExport.writeDl4j(ModelCatalogue.resolve(architecture), parameters, learningRate, file);

    private StandaloneLauncher() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        int exitCode = Cli.handles(arguments) ? cli(arguments) : run(arguments, System.out);
        System.exit(exitCode);
    }

    /**
     * The CLI, with this launcher's DL4J export for {@code --format dl4j}. Its log lines (DL4J's, when it exports)
     * go to standard error at WARN and above, not into a results folder.
     */
    static int cli(List<String> args) {
        System.setProperty("logback.configurationFile", "logback-cli.xml");
        return Cli.run(args, System.getenv(), System.out, System.err, DL4J_EXPORT);
    }

    /** Runs the launcher with the given arguments and returns the process exit code. */
    static int run(List<String> args, PrintStream out) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("asyn2f: " + e.getMessage());
            return 2;
        }
        if (options.command() == LauncherOptions.Command.HELP) {
            out.print(LauncherOptions.USAGE);
            return 0;
        }
        try {
            // Before the first logger is created: logback.xml sends every log line to this file (logback creates
            // the folder when the first line is written, so a refused option leaves nothing behind).
            System.setProperty("asyn2f.log.file", options.resultsDirectory().resolve("asyn2f.log").toString());
            if (options.command() == LauncherOptions.Command.LOADTEST) {
                return LoadTest.run(options, out).lost() == 0 ? 0 : 1;
            }
            List<RunResult> runs = execute(options, out);
            // A run whose workers failed is a failed run, whatever the session's table says.
            if (runs.stream().anyMatch(run -> !run.workerFailures().isEmpty())) {
                out.println("asyn2f: failed: workers ended with errors (see above and asyn2f.log)");
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("asyn2f: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            out.println();
            out.println("asyn2f: failed: " + e.getMessage() + causes(e));
            if (System.getenv("ASYN2F_DEBUG") != null) {
                e.printStackTrace(out);
            }
            return 1;
        }
    }

    /** The messages of the causes, which often say what really went wrong (a port taken, a server refusing). */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())) {
                text.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /** Runs the experiment(s) the options describe and returns their results. */
    public static List<RunResult> execute(LauncherOptions options, PrintStream out) throws IOException,
            InterruptedException {
        ModelArchitecture architecture = ModelCatalogue.resolve(options.model());
        Path results = options.resultsDirectory();
        Files.createDirectories(results);
        if (DatasetSetup.ensure(options, DatasetSetup.system(out), () -> System.getenv("ASYN2F_DATASET_INSTALL"),
                out) == DatasetSetup.Outcome.DECLINED) {
            throw new IOException("Fashion-MNIST is not installed and synthetic data was declined");
        }
        ExperimentData data = ExperimentData.load(options, architecture);
        out.println("data: " + data.description());
        out.println("starting the platform:");
        List<RunResult> runs = new ArrayList<>();
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        options.strategies().forEach(strategy -> byStrategy.put(strategy, new ArrayList<>()));
        List<Long> seeds = new ArrayList<>();
        List<List<String>> orders = new ArrayList<>();
        try (Platform platform = Platform.start(options.external(), results.resolve("store"), out);
                WorkerMetricsEndpoint workerMetrics = WorkerMetricsEndpoint.start(options.metricsPort())) {
            out.println("  workers            " + workerMetrics.url());
            out.println("Prometheus can scrape this run with:");
            out.print(WorkerMetricsEndpoint.scrapeConfig(platform.registryUrl(), platform.gatewayUrl(),
                    platform.aggregatorUrl(), workerMetrics.url()).indent(2));
            if (options.warmupRun()) {
                // Not reported: the first session in a JVM pays JIT, DL4J native loading and the platform's own
                // warm-up, which would otherwise be charged to whichever strategy ran first.
                String first = options.strategies().get(0);
                out.println("warm-up session (" + first + ", at most 2 versions, not reported):");
                new Experiment(platform, options.shortened(2, Duration.ofSeconds(60)), data, out, workerMetrics)
                        .run(first, null);
            }
            for (int r = 0; r < options.repeats(); r++) {
                LauncherOptions repeat = options.withSeed(options.seed() + r);
                ExperimentData repeatData = r == 0 ? data : ExperimentData.load(repeat, architecture);
                Experiment experiment = new Experiment(platform, repeat, repeatData, out, workerMetrics);
                List<String> order = rotated(options.strategies(), r);
                seeds.add(repeat.seed());
                orders.add(order);
                if (options.repeats() > 1) {
                    out.printf(Locale.ROOT, "repeat %d of %d, seed %d, order %s%n", r + 1, options.repeats(),
                            repeat.seed(), String.join(", ", order));
                }
                for (String strategy : order) {
                    Path folder = options.repeats() > 1 ? results.resolve(strategy).resolve("repeat-" + (r + 1))
                            : results.resolve(strategy);
                    Files.createDirectories(folder);
                    RunResult run = experiment.run(strategy, folder.resolve(FINAL_MODEL));
                    runs.add(run);
                    byStrategy.get(strategy).add(run);
                    ResultsWriter.writeCsv(folder.resolve("versions.csv"), run);
                    ResultsWriter.writeSummary(folder.resolve("summary.json"), run,
                            settings(repeat, repeatData, strategy), options.targetAccuracy());
                    out.printf(Locale.ROOT, "%s: stopped by %s after %.0fs at version %d, accuracy %s%n", strategy,
                            run.stopReason(), run.elapsedSeconds(), run.finalVersion(),
                            Double.isNaN(run.finalAccuracy()) ? "-"
                                    : String.format(Locale.ROOT, "%.4f", run.finalAccuracy()));
                }
            }
        }
        if (options.repeats() > 1) {
            Map<String, Object> settings = settings(options, data, String.join(",", options.strategies()));
            settings.put("scenario", options.scenario());
            settings.put("repeats", options.repeats());
            settings.put("warmupRun", options.warmupRun());
            ResultsWriter.writeRepeatedSummary(results.resolve("summary.json"), byStrategy, seeds, orders, settings,
                    options.targetAccuracy());
            String table = ResultsWriter.repeatedTable(byStrategy, options.targetAccuracy())
                    + Experiment.attackLine(options) + System.lineSeparator();
            Files.writeString(results.resolve("summary.txt"), table);
            List<RunResult> labelled = new ArrayList<>();
            byStrategy.forEach((strategy, list) -> {
                for (int r = 0; r < list.size(); r++) {
                    labelled.add(list.get(r).labelled(strategy + " #" + (r + 1)));
                }
            });
            String title = String.format(Locale.ROOT, "%s, %d workers, %s, %d repeats", data.name(),
                    options.workers(), options.model(), options.repeats());
            AccuracyChart.writeMeans(results.resolve("accuracy.png"), title, byStrategy, options.targetAccuracy());
            AccuracyChart.write(results.resolve("accuracy-repeats.png"), title, labelled, options.targetAccuracy());
            out.println();
            out.print(table);
            out.println();
            out.println("results: " + results.toAbsolutePath() + " (summary.json with every repeat and the "
                    + "intervals, summary.txt, accuracy.png with mean curves and bands, accuracy-repeats.png with "
                    + "every repeat; versions.csv, summary.json and " + FINAL_MODEL
                    + " per strategy and repeat)");
            return runs;
        }
        String table = ResultsWriter.comparisonTable(runs, options.targetAccuracy()) + Experiment.attackLine(options)
                + System.lineSeparator();
        Files.writeString(results.resolve("summary.txt"), table);
        String title = String.format(Locale.ROOT, "%s, %d workers, %s", data.name(), options.workers(), options.model());
        AccuracyChart.write(results.resolve("accuracy.png"), title, runs, options.targetAccuracy());
        out.println();
        out.print(table);
        out.println();
        out.println("results: " + results.toAbsolutePath() + " (versions.csv, summary.json and " + FINAL_MODEL
                + " (DL4J) per strategy, summary.txt, accuracy.png)");
        return runs;
    }

    /** {@code strategies} rotated left by {@code by}: repeat r starts with the r-th strategy. */
    static List<String> rotated(List<String> strategies, int by) {
        List<String> order = new ArrayList<>(strategies);
        java.util.Collections.rotate(order, -(by % Math.max(1, order.size())));
        return order;
    }

    private static Map<String, Object> settings(LauncherOptions options, ExperimentData data, String strategy) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("strategy", strategy);
        settings.put("workers", options.workers());
        settings.put("model", options.model());
        settings.put("dataset", data.description());
        settings.put("partitionSizes", data.partitions().stream().map(p -> p.size()).toList());
        settings.put("slowdowns", java.util.stream.IntStream.range(0, options.workers())
                .mapToObj(options::slowdownOf).toList());
        settings.put("partition", options.partition());
        settings.put("m", options.minUpdates());
        settings.put("exchangeEveryEpochs", options.exchangeEveryEpochs());
        settings.put("batchSize", options.batchSize());
        settings.put("seed", options.seed());
        settings.put("maxTime", options.maxTime().toString());
        settings.put("maxVersions", options.maxVersions());
        settings.put("externalServices", options.external().any());
        settings.put("malicious", options.malicious());
        settings.put("attack", options.attack() == null ? null : options.attack().label());
        settings.put("defences", options.defences() ? "on" : "none");
        settings.put("robust", options.robust());
        settings.put("dropout", options.dropout().any() ? Map.of("trainers", options.dropout().trainers(),
                "leaveAfter", options.dropout().leaveAfter(), "returnAfter", options.dropout().returnAfter(),
                "schedule", options.dropout().describe(options.maxTime())) : null);
        return settings;
    }
}
