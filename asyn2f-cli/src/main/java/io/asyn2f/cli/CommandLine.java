package io.asyn2f.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A CLI command line: {@code GROUP ACTION [ARGUMENT] [options]}, options as {@code --name value} or
 * {@code --name=value}, anywhere after the action; {@code -f} is {@code --file} and {@code -o} is {@code --out}.
 * Every mistake is a {@link CliException#usage} that says what is accepted.
 *
 * @param command   null when help was asked for
 * @param argument  the positional argument (a session or worker id), null for commands without one
 * @param options   the given options by long name
 */
record CommandLine(Command command, String argument, Map<String, String> options, Output output) {

    /** How results are printed. */
    enum Output { TABLE, JSON }

    private static final Map<String, String> SHORT = Map.of("-f", "--file", "-o", "--out");

    CommandLine {
        options = Map.copyOf(options);
    }

    boolean help() {
        return command == null;
    }

    String option(String name) {
        return options.get(name);
    }

    static CommandLine parse(List<String> args, Map<String, String> environment) {
        if (args.size() < 2 || isHelp(args.get(1))) {
            if (args.isEmpty() || Command.of(args.get(0)).isEmpty()) {
                throw CliException.usage("expected sessions, workers or models");
            }
            return new CommandLine(null, null, Map.of(), Output.TABLE);
        }
        String group = args.get(0);
        String action = args.get(1);
        Command command = Command.of(group).stream().filter(c -> c.action().equals(action)).findFirst()
                .orElseThrow(() -> CliException.usage("unknown command '" + group + " " + action + "'; " + group
                        + " takes " + Command.of(group).stream().map(Command::action).collect(Collectors.joining(", "))
                        + " (./asyn2f " + group + " --help)"));
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CommandLine(null, null, Map.of(), Output.TABLE);
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            OptionArgument option = OptionArgument.of(arg);
            String name = SHORT.getOrDefault(option.name(), option.name());
            String value = option.value();
            if (!command.options.contains(name) && !Command.COMMON.contains(name)) {
                throw CliException.usage("unknown option '" + name + "' for '" + group + " " + action + "'; usage: "
                        + "./asyn2f " + command.synopsis);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw CliException.usage("option " + name + " needs a value");
                }
                value = args.get(++i);
            }
            options.put(name, value);
        }
        if (positional.size() != command.arguments) {
            throw CliException.usage(command.arguments == 0
                    ? "'" + group + " " + action + "' takes no argument, got " + positional + "; usage: ./asyn2f "
                            + command.synopsis
                    : "'" + group + " " + action + "' needs one " + command.argumentName() + (positional.isEmpty() ? ""
                            : ", got " + positional) + "; usage: ./asyn2f " + command.synopsis);
        }
        return new CommandLine(command, positional.isEmpty() ? null : positional.get(0), options,
                output(options.getOrDefault("--output", environment.get("ASYN2F_OUTPUT"))));
    }

    private static Output output(String value) {
        if (value == null || value.isBlank()) {
            return Output.TABLE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "table" -> Output.TABLE;
            case "json" -> Output.JSON;
            default -> throw CliException.usage("--output must be table or json, was '" + value + "'");
        };
    }

    private static boolean isHelp(String arg) {
        return Arrays.asList("-h", "--help", "help").contains(arg);
    }
}
