package io.asyn2f.cli;

/** A service answered with an error: the request, the service and its problem detail. */
final class ProblemException extends CliException {

    private final Problem problem;

    ProblemException(String service, String method, String path, Problem problem, String hint) {
        super(REFUSED, "the " + service + " answered " + method + " " + path + " with " + problem.describe()
                + (hint == null ? "" : System.lineSeparator() + "  " + hint));
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
