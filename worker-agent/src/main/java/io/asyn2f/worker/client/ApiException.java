package io.asyn2f.worker.client;

/** A service answered with an error status; {@code problem} is its RFC 9457 body (may be empty). */
public class ApiException extends RuntimeException {

    private final int status;
    private final String problem;

    public ApiException(String request, int status, String problem) {
        super(request + " answered " + status + (problem == null || problem.isBlank() ? "" : ": " + abbreviate(problem)));
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public String problem() {
        return problem;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
