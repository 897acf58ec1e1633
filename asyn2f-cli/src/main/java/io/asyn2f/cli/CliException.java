package io.asyn2f.cli;

/**
 * A command that could not do what it was asked, with the exit code that says why: {@link #REFUSED} (a service
 * refused or failed the request, or what it sent back does not verify), {@link #USAGE} (the command line or an input
 * file is wrong; nothing was sent), {@link #UNREACHABLE} (a service did not answer; the request may be sent again).
 */
class CliException extends RuntimeException {

    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException refused(String message) {
        return new CliException(REFUSED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
