package io.asyn2f.registry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.registry.support.RegistryIntegrationTest;

/**
 * Per-worker broker users with a management API that does not answer: the registration fails with 503 and nothing
 * is committed or announced (no worker row, no worker.registered), so no worker exists that the broker would not let
 * in. The calls are bounded (1 s timeout, 2 attempts here).
 */
class WorkerBrokerUnreachableIT extends RegistryIntegrationTest {

    @DynamicPropertySource
    static void unreachableManagement(DynamicPropertyRegistry registry) {
        registry.add("asyn2f.registry.worker-broker.management.url", () -> "http://127.0.0.1:" + closedPort() + "/");
        registry.add("asyn2f.registry.worker-broker.management.username", () -> "nobody");
        registry.add("asyn2f.registry.worker-broker.management.password", () -> "nothing");
        registry.add("asyn2f.registry.worker-broker.management.timeout", () -> "1s");
        registry.add("asyn2f.registry.worker-broker.management.attempts", () -> "2");
    }

    @Test
    void shouldRefuseTheRegistrationAndCommitNothingWhenTheBrokerCannotMakeTheUser() throws Exception {
        String sessionId = openSession();

        HttpResponse<String> response = register(sessionId, enrollmentToken(sessionId, "{\"maxWorkers\":1}"),
                registrationBody("trainer", 1200, 0.9));

        assertProblem(response, 503);
        assertThat(response.body()).doesNotContain("nothing");
        assertThat(jdbc.queryForObject("select count(*) from registry.worker where session_id = ?", Long.class,
                sessionId)).isZero();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> !sawEvent(WorkerRegistered.class, event -> event.sessionId().equals(sessionId)));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
