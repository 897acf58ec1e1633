package io.asyn2f.aggregator.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.web.ApiException;

/**
 * Every error of the admin API as an RFC 9457 problem: Spring MVC's own exceptions through the base class, bean
 * validation with the list of offending fields, and the API's exceptions with their status.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ApiException.class)
    ProblemDetail apiException(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        problem.setType(URI.create("urn:asyn2f:problem:" + e.title().toLowerCase().replace(' ', '-')));
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return problem;
    }

    /** The object store did not answer (an outage, a restart): nothing was changed, the request can be sent again. */
    @ExceptionHandler(ModelStore.StoreException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(ModelStore.StoreException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the object store is not available (" + e.getMessage() + "); nothing was changed, try again");
        problem.setTitle("Object store unavailable");
        problem.setType(URI.create("urn:asyn2f:problem:object-store-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the request has " + errors.size() + " invalid field(s)");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
}
