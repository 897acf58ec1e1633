package io.asyn2f.cli;

import java.util.List;
import java.util.Set;

/** Every verb of the CLI: its synopsis (whose first two words name it), what it does, its own options. */
enum Command {

    SESSIONS_CREATE("sessions create -f FILE", "create a session from a YAML or JSON request (-f - reads stdin)",
            0, "--file"),
    SESSIONS_LIST("sessions list", "every session, newest first", 0),
    SESSIONS_SHOW("sessions show ID", "one session: state, versions, workers, stop conditions", 1),
    SESSIONS_STOP("sessions stop ID", "stop a session (stop reason ADMIN)", 1),
    SESSIONS_VERSIONS("sessions versions ID", "its global versions: participants, loss, accuracy, blob", 1),
    SESSIONS_REJECTIONS("sessions rejections ID", "the updates it refused, with their reasons", 1),
    WORKERS_LIST("workers list [--session ID] [--state ACTIVE|LOST|REVOKED]", "workers known to the registry", 0,
            "--session", "--state"),
    WORKERS_REVOKE("workers revoke ID [--reason TEXT]", "revoke a worker: its tokens and updates are refused from now",
            1, "--reason"),
    WORKERS_ENROLL("workers enroll SESSION --max-workers N [--role trainer|tester] [--ttl PT4H] [--samples N] "
            + "[--label TEXT]", "issue an enrollment token admitting N workers to a session", 1, "--max-workers",
            "--role", "--ttl", "--samples", "--label"),
    MODELS_DOWNLOAD("models download ID [--version V] [--format asyn2f|dl4j] -o FILE",
            "a global version (default the newest) as the blob the store holds, or as a DL4J model file", 1,
            "--version", "--format", "--out");

    /** Options every command takes (the target and the output), besides its own. */
    static final Set<String> COMMON = Set.of("--url", "--registry-url", "--user", "--password", "--registry-user",
            "--registry-password", "--output");

    final String synopsis;
    final String description;
    final int arguments;
    final Set<String> options;

    Command(String synopsis, String description, int arguments, String... options) {
        this.synopsis = synopsis;
        this.description = description;
        this.arguments = arguments;
        this.options = Set.of(options);
    }

    String group() {
        return synopsis.split(" ")[0];
    }

    String action() {
        return synopsis.split(" ")[1];
    }

    /** The name of its positional argument, e.g. {@code ID}. */
    String argumentName() {
        return synopsis.split(" ")[2];
    }

    static List<Command> of(String group) {
        return java.util.Arrays.stream(values()).filter(c -> c.group().equals(group)).toList();
    }
}
