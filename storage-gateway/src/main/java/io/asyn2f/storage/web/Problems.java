package io.asyn2f.storage.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.asyn2f.storage.metrics.GatewayMetrics;

/** Builds and writes the gateway's problem details. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, GatewayMetrics.Refusal reason, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("reason", reason.tag());
        return problem;
    }

    /**
     * Writes a problem outside Spring MVC (Spring Security's entry point and access-denied handler run in the filter
     * chain, before any controller advice).
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper jsonMapper,
            HttpStatus status, GatewayMetrics.Refusal reason, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.put("reason", reason.tag());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        jsonMapper.writeValue(response.getOutputStream(), body);
    }
}
