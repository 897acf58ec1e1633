package io.asyn2f.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.registry.support.RegistryIntegrationTest;

/**
 * Registration requests are limited per client address and per presented credential. A context of its own (other
 * properties); the client address comes from X-Forwarded-For (as behind an ingress), so each test has its own.
 */
@TestPropertySource(properties = {"asyn2f.registry.enrollment.max-attempts=3",
        "asyn2f.registry.enrollment.attempt-window=1h", "server.forward-headers-strategy=native"})
class RegistrationLimitIT extends RegistryIntegrationTest {

    @Test
    void shouldAnswerTooManyRequestsPastTheLimitOfOneAddress() throws Exception {
        String sessionId = openSession();
        String address = "198.51.100.1";
        for (int i = 0; i < 3; i++) {
            String token = enrollmentToken(sessionId, "{\"maxWorkers\":1}");
            assertThat(registerFrom(address, sessionId, token).statusCode()).isEqualTo(201);
        }
        String fresh = enrollmentToken(sessionId, "{\"maxWorkers\":1}");
        long workers = workerCount(sessionId);

        HttpResponse<String> refused = registerFrom(address, sessionId, fresh);

        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(workerCount(sessionId)).isEqualTo(workers);
        assertThat(registerFrom("198.51.100.2", sessionId, fresh).statusCode()).as("another address")
                .isEqualTo(201);
    }

    @Test
    void shouldAnswerTooManyRequestsPastTheLimitOfOneTokenFromManyAddresses() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":10}");
        for (int i = 0; i < 3; i++) {
            assertThat(registerFrom("203.0.113." + i, sessionId, token).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> refused = registerFrom("203.0.113.99", sessionId, token);

        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(workerCount(sessionId)).isEqualTo(3);
    }

    @Test
    void shouldCountRefusedAttemptsToo() throws Exception {
        String sessionId = openSession();
        String address = "192.0.2.7";
        for (int i = 0; i < 3; i++) {
            assertProblem(registerFrom(address, sessionId, "guess-" + i), 401);
        }

        assertProblem(registerFrom(address, sessionId, "guess-4"), 429);
        assertThat(get("/actuator/health", null).statusCode()).as("probes are never limited").isEqualTo(200);
    }

    private HttpResponse<String> registerFrom(String address, String sessionId, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/sessions/" + sessionId + "/workers"))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(token))
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(registrationBody("trainer", 10, 0.5)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private long workerCount(String sessionId) {
        return jdbc.queryForObject("select count(*) from registry.worker where session_id = ?", Long.class,
                sessionId);
    }
}
