package io.asyn2f.cli;

/**
 * One option word of a command line, {@code --name=value} or {@code --name} (whose value, if it takes one, is the next
 * word), as the CLI and the launcher both accept them.
 *
 * @param name  the option as written, up to the first {@code =}
 * @param value what follows the {@code =}; null when there is none
 */
public record OptionArgument(String name, String value) {

    public static OptionArgument of(String arg) {
        int equals = arg.indexOf('=');
        return equals > 0 ? new OptionArgument(arg.substring(0, equals), arg.substring(equals + 1))
                : new OptionArgument(arg, null);
    }
}
