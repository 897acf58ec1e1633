package io.asyn2f.registry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.registry.support.RegistryIntegrationTest;

/**
 * Failed admin logins are limited per address and per user name. A context of its own (other properties): the
 * lock-out of the test's address must not reach the other ITs.
 */
@TestPropertySource(properties = {"asyn2f.registry.admin.max-failed-attempts=2",
        "asyn2f.registry.admin.failure-window=1h"})
class AdminLoginLimitIT extends RegistryIntegrationTest {

    @Test
    void shouldAnswerTooManyRequestsAfterTheMaximumOfFailedLoginsEvenToTheRightPassword() throws Exception {
        assertThat(get("/api/v1/admin/workers", basic(ADMIN_USER, ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
        assertProblem(get("/api/v1/admin/workers", basic(ADMIN_USER, "guess-1")), 401);
        assertProblem(get("/api/v1/admin/workers", basic(ADMIN_USER, "guess-2")), 401);

        HttpResponse<String> refused = get("/api/v1/admin/workers", basic(ADMIN_USER, ADMIN_PASSWORD));

        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(get("/actuator/health", null).statusCode()).as("probes are never limited").isEqualTo(200);
    }
}
