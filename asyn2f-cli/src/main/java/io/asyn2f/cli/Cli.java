package io.asyn2f.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The command line for a deployed platform, behind {@code ./asyn2f sessions|workers|models ...}: the aggregator's
 * and the registry's admin APIs with the operator's admin credential, nothing more (a model comes through the
 * aggregator's versions endpoint, never with store keys). Results go to standard output, as tables or as the services'
 * JSON ({@code --output json}); errors go to standard error, built from the services' problem details, with the exit
 * codes of {@link CliException}.
 */
public final class Cli {

    /** The first words that select the CLI rather than the launcher. */
    public static final List<String> GROUPS = List.of("sessions", "workers", "models");

    public static final String USAGE = commands() + """

            Operates a deployed platform through the aggregator's and the registry's admin APIs (HTTP Basic with the
            operator's admin credential). Options may come anywhere after the command.

            Target (option, or environment variable)
              --url URL                 the aggregator (ASYN2F_URL, default http://localhost:8083)
              --registry-url URL        the registry, for workers (ASYN2F_REGISTRY_URL, default http://localhost:8081)
              --user NAME               admin user (ASYN2F_USER, default admin)
              --password PASSWORD       admin password (ASYN2F_PASSWORD; the variable keeps it out of the process list)
              --registry-user NAME      the registry's admin user (ASYN2F_REGISTRY_USER, default: --user)
              --registry-password PW    the registry's admin password (ASYN2F_REGISTRY_PASSWORD, default: --password)

            Output
              --output table|json       tables for people (default), or the services' JSON for scripts
                                        (ASYN2F_OUTPUT); errors always go to standard error
              -o, --out FILE            models download: where the model goes (replaced if it exists)
              --format asyn2f|dl4j      models download: the blob as stored (default), or a DL4J model file
                                        (ModelSerializer zip: MultiLayerNetwork.load(file, false))

            Exit codes: 0 done; 1 a service refused or failed the request, or a downloaded model did not verify;
            2 a bad command line or input file (nothing was sent); 3 a service could not be reached.
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Cli() {
    }

    /** Whether these arguments are a CLI command ({@code sessions ...}, {@code workers ...}, {@code models ...}). */
    public static boolean handles(List<String> args) {
        return !args.isEmpty() && GROUPS.contains(args.get(0));
    }

    /**
     * Runs one command and returns its exit code.
     *
     * @param environment where the {@code ASYN2F_*} settings come from when no option gives them
     * @param exporter    writes DL4J model files ({@code --format dl4j}); null: that format is refused
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err,
            ModelExporter exporter) {
        return run(args, environment, System.in, out, err, exporter);
    }

    static int run(List<String> args, Map<String, String> environment, InputStream in, PrintStream out,
            PrintStream err, ModelExporter exporter) {
        try {
            CommandLine line = CommandLine.parse(args, environment);
            if (line.help()) {
                out.print(USAGE);
                return 0;
            }
            Target target = Target.from(line.options(), environment);
            out.print(execute(line, target, in, exporter));
            out.flush();
            return 0;
        } catch (CliException e) {
            out.flush();
            err.println("asyn2f: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** What the command prints on success. */
    private static String execute(CommandLine line, Target target, InputStream in, ModelExporter exporter) {
        String id = line.argument();
        boolean json = line.output() == CommandLine.Output.JSON;
        String sessions = "/api/v1/sessions";
        return switch (line.command()) {
            case SESSIONS_CREATE -> {
                String file = line.option("--file");
                if (file == null) {
                    throw CliException.usage("sessions create needs -f FILE (YAML or JSON, - for standard input)");
                }
                JsonNode created = target.aggregatorApi().post(sessions, SessionFile.read(file, in));
                yield json ? pretty(created) : "created session " + Views.text(created, "id")
                        + System.lineSeparator() + Views.session(created);
            }
            case SESSIONS_LIST -> print(target.aggregatorApi().get(sessions), json, Views::sessions);
            case SESSIONS_SHOW -> print(target.aggregatorApi().get(sessions + "/" + AdminHttp.segment(id)), json,
                    Views::session);
            case SESSIONS_STOP -> print(target.aggregatorApi().post(sessions + "/" + AdminHttp.segment(id) + "/stop",
                    null), json, s -> "stopping session " + Views.text(s, "id") + System.lineSeparator()
                            + Views.session(s));
            case SESSIONS_VERSIONS -> print(target.aggregatorApi().get(sessions + "/" + AdminHttp.segment(id)
                    + "/versions"), json, Views::versions);
            case SESSIONS_REJECTIONS -> print(target.aggregatorApi().get(sessions + "/" + AdminHttp.segment(id)
                    + "/rejections"), json, Views::rejections);
            case WORKERS_LIST -> print(target.registryApi().get(workersQuery(line)), json, Views::workers);
            case WORKERS_REVOKE -> {
                ObjectNode body = JSON.createObjectNode();
                body.put("reason", line.options().getOrDefault("--reason", "revoked by an operator (asyn2f CLI)"));
                yield print(target.registryApi().post("/api/v1/admin/workers/" + AdminHttp.segment(id) + "/revoke",
                        body), json, Views::revoked);
            }
            case WORKERS_ENROLL -> print(enroll(target, id, enrollment(line)), json, Views::enrollment);
            case MODELS_DOWNLOAD -> {
                String file = line.option("--out");
                if (file == null) {
                    throw CliException.usage("models download needs -o FILE");
                }
                Long version = line.option("--version") == null ? null
                        : number("--version", line.option("--version"), 0);
                ObjectNode result = ModelDownload.run(target.aggregatorApi(), id, version,
                        ModelDownload.format(line.option("--format")), Path.of(file), exporter);
                yield json ? pretty(result) : ModelDownload.describe(result);
            }
        };
    }

    /** Issues an enrollment token; a 404 right after the session was created says why. */
    private static JsonNode enroll(Target target, String sessionId, ObjectNode request) {
        try {
            return target.registryApi().post("/api/v1/admin/sessions/" + AdminHttp.segment(sessionId)
                    + "/enrollment-tokens", request);
        } catch (ProblemException e) {
            if (e.problem().status() != 404) {
                throw e;
            }
            throw new CliException(CliException.REFUSED, e.getMessage() + System.lineSeparator() + "  the registry "
                    + "learns a session from the aggregator a moment after it is created; if it was just created, "
                    + "try again");
        }
    }

    private static String workersQuery(CommandLine line) {
        Map<String, String> query = new LinkedHashMap<>();
        if (line.option("--session") != null) {
            query.put("sessionId", line.option("--session"));
        }
        String state = line.option("--state");
        if (state != null) {
            state = state.toUpperCase(Locale.ROOT);
            if (!List.of("ACTIVE", "LOST", "REVOKED").contains(state)) {
                throw CliException.usage("--state must be ACTIVE, LOST or REVOKED, was '" + line.option("--state")
                        + "'");
            }
            query.put("state", state);
        }
        return "/api/v1/admin/workers" + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + AdminHttp.segment(e.getValue())).collect(Collectors.joining("&")));
    }

    private static ObjectNode enrollment(CommandLine line) {
        ObjectNode body = JSON.createObjectNode();
        String seats = line.option("--max-workers");
        if (seats == null) {
            throw CliException.usage("workers enroll needs --max-workers N (the seats of the token)");
        }
        body.put("maxWorkers", number("--max-workers", seats, 1));
        if (line.option("--ttl") != null) {
            body.put("ttl", line.option("--ttl"));
        }
        if (line.option("--role") != null) {
            String role = line.option("--role").toLowerCase(Locale.ROOT);
            if (!role.equals("trainer") && !role.equals("tester")) {
                throw CliException.usage("--role must be trainer or tester, was '" + line.option("--role") + "'");
            }
            body.put("role", role);
        }
        if (line.option("--samples") != null) {
            body.put("samples", number("--samples", line.option("--samples"), 1));
        }
        body.put("label", line.options().getOrDefault("--label", "asyn2f CLI"));
        return body;
    }

    private static long number(String option, String value, long minimum) {
        try {
            long number = Long.parseLong(value.trim());
            if (number < minimum) {
                throw CliException.usage(option + " must be at least " + minimum + ", was " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " must be a whole number, was '" + value + "'");
        }
    }

    private static String print(JsonNode node, boolean json, java.util.function.Function<JsonNode, String> view) {
        return json ? pretty(node) : view.apply(node);
    }

    private static String pretty(JsonNode node) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + System.lineSeparator();
    }

    private static String commands() {
        StringBuilder text = new StringBuilder();
        String prefix = "Usage: ";
        for (Command command : Command.values()) {
            String synopsis = "./asyn2f " + command.synopsis;
            if (synopsis.length() > 60) {
                text.append(prefix).append(synopsis).append(System.lineSeparator())
                        .append(" ".repeat(prefix.length() + 4)).append(command.description)
                        .append(System.lineSeparator());
            } else {
                text.append(prefix).append(String.format(Locale.ROOT, "%-60s %s", synopsis, command.description))
                        .append(System.lineSeparator());
            }
            prefix = "       ";
        }
        return text.toString();
    }
}
