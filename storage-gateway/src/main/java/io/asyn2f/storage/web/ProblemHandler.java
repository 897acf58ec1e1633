package io.asyn2f.storage.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.storage.store.ObjectStoreException;

/**
 * Every error of the API as an RFC 9457 problem ({@code application/problem+json}) with a {@code reason} property
 * (the same value as the {@code asyn2f.gateway.refusals} metric tag). Spring MVC's own errors (malformed JSON,
 * Bean Validation, unknown path) come through {@link ResponseEntityExceptionHandler}; 401 and 403 from Spring Security
 * are written by the security package with the same shape.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final GatewayMetrics metrics;

    ProblemHandler(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(RefusedException.class)
    org.springframework.http.ResponseEntity<ProblemDetail> refused(RefusedException e) {
        metrics.refused(e.reason());
        ProblemDetail problem = Problems.of(e.status(), e.reason(), e.getMessage());
        org.springframework.http.ResponseEntity.BodyBuilder response =
                org.springframework.http.ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(org.springframework.http.HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    @ExceptionHandler(ObjectStoreException.class)
    ProblemDetail storeUnavailable(ObjectStoreException e) {
        log.error("object store call failed: {}", e.getMessage(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The object store could not be reached; retry later.");
        problem.setProperty("reason", "store-unavailable");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, GatewayMetrics.Refusal.INVALID_REQUEST,
                "The request body is invalid: " + String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.value() == HttpStatus.NOT_FOUND.value()) {
            metrics.refused(GatewayMetrics.Refusal.NOT_FOUND);
        } else if (statusCode.is4xxClientError()) {
            metrics.refused(GatewayMetrics.Refusal.INVALID_REQUEST);
        }
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            problem.setProperty("reason", statusCode.value() == HttpStatus.NOT_FOUND.value()
                    ? GatewayMetrics.Refusal.NOT_FOUND.tag() : GatewayMetrics.Refusal.INVALID_REQUEST.tag());
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
