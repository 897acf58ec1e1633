package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTests {

    @Test
    void shouldShowStatusTitleDetailAndEveryOffendingField() {
        Problem problem = Problem.of(400, "application/problem+json", """
                { "type": "urn:asyn2f:problem:invalid-request", "title": "Invalid request", "status": 400,
                  "detail": "the request has 2 invalid field(s)", "instance": "/api/v1/sessions",
                  "errors": [ { "field": "strategy.m", "message": "must be between 1 and 10000, was 0" },
                              { "field": "maxWait", "message": "must be at least PT1S" } ] }""", null);

        assertThat(problem.describe()).isEqualTo("400 Invalid request: the request has 2 invalid field(s)"
                + System.lineSeparator() + "  - strategy.m: must be between 1 and 10000, was 0"
                + System.lineSeparator() + "  - maxWait: must be at least PT1S");
        assertThat(problem.type()).isEqualTo("urn:asyn2f:problem:invalid-request");
    }

    @Test
    void shouldSayWhenToRetry() {
        Problem problem = Problem.of(503, "application/problem+json", "{\"title\":\"Object store unavailable\","
                + "\"status\":503,\"detail\":\"nothing was changed, try again\"}", "5");

        assertThat(problem.describe())
                .isEqualTo("503 Object store unavailable: nothing was changed, try again (retry after 5 s)");
    }

    @Test
    void shouldFallBackToTheStatusAndAnExcerptOfABodyThatIsNoProblem() {
        assertThat(Problem.of(502, "text/html", "<html>\n  <body>Bad gateway</body></html>", null).describe())
                .isEqualTo("502 Bad Gateway: <html> <body>Bad gateway</body></html>");
        assertThat(Problem.of(404, null, "", null).describe()).isEqualTo("404 Not Found");
        assertThat(Problem.of(500, "application/json", "{not json", null).describe())
                .isEqualTo("500 Internal Server Error: {not json");
        assertThat(Problem.of(500, "text/plain", "x".repeat(500), null).detail()).hasSize(203).endsWith("...");
    }
}
