package io.asyn2f.aggregator.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** An error of the admin API with its HTTP status; rendered as a problem detail by {@code ApiProblems}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<Map<String, String>> errors;

    public ApiException(HttpStatus status, String title, String detail, List<Map<String, String>> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, List.of());
    }

    /** The resource existed but is gone for good (a version's blob deleted by retention). */
    public static ApiException gone(String detail) {
        return new ApiException(HttpStatus.GONE, "Gone", detail, List.of());
    }

    /** A request whose fields are individually fine but do not make a valid session; one entry per problem. */
    public static ApiException invalid(List<Map<String, String>> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request",
                "the request has " + errors.size() + " invalid field(s)", errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Map<String, String>> errors() {
        return errors;
    }
}
