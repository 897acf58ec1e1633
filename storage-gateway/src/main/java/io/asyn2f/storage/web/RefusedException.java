package io.asyn2f.storage.web;

import org.springframework.http.HttpStatus;

import io.asyn2f.storage.metrics.GatewayMetrics;

/**
 * A request the gateway refuses, with the status, the metric reason and a detail that is safe to show the caller.
 * Answered as an RFC 9457 problem by {@link ProblemHandler}.
 */
public class RefusedException extends RuntimeException {

    private final HttpStatus status;
    private final GatewayMetrics.Refusal reason;

    public RefusedException(HttpStatus status, GatewayMetrics.Refusal reason, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
    }

    public static RefusedException forbidden(String detail) {
        return new RefusedException(HttpStatus.FORBIDDEN, GatewayMetrics.Refusal.FORBIDDEN, detail);
    }

    public static RefusedException invalid(String detail) {
        return new RefusedException(HttpStatus.BAD_REQUEST, GatewayMetrics.Refusal.INVALID_REQUEST, detail);
    }

    public static RefusedException notFound(String detail) {
        return new RefusedException(HttpStatus.NOT_FOUND, GatewayMetrics.Refusal.NOT_FOUND, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public GatewayMetrics.Refusal reason() {
        return reason;
    }
}
