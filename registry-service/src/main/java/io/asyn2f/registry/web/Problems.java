package io.asyn2f.registry.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problem details thrown by controllers and services; rendered by {@link ProblemHandling}. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, detail);
    }

    public static ErrorResponseException conflict(String detail) {
        return of(HttpStatus.CONFLICT, detail);
    }

    public static ErrorResponseException forbidden(String detail) {
        return of(HttpStatus.FORBIDDEN, detail);
    }

    public static ErrorResponseException unauthorized(String detail) {
        return of(HttpStatus.UNAUTHORIZED, detail);
    }

    public static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail);
    }

    /** The credential was valid once and no longer is (an expired enrollment token). */
    public static ErrorResponseException gone(String detail) {
        return of(HttpStatus.GONE, detail);
    }

    /** A 401 with the Bearer challenge, for endpoints that take a bearer credential the service itself checks. */
    public static ErrorResponseException bearerRequired(String detail) {
        ErrorResponseException e = of(HttpStatus.UNAUTHORIZED, detail);
        e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"asyn2f-registry\"");
        return e;
    }

    /** A dependency (the broker) is away; the request may be retried. */
    public static ErrorResponseException unavailable(String detail) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    private static ErrorResponseException of(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
