package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wrong values fail the render with a message that says what to fix, instead of a half-working release. */
class ValuesValidationTests {

    private static void assertRenderFails(Map<String, Object> sets, String expectedMessage) {
        assertThatThrownBy(() -> Chart.template(List.of(), sets))
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void shouldRejectAMisspelledTopLevelKey() {
        assertRenderFails(Map.of("rabbitMQ.enabled", "false"), "rabbitMQ");
    }

    @Test
    void shouldRejectAMisspelledKeyInsideAComponentBlock() {
        assertRenderFails(Map.of("registry.replicas", "2"), "replicas");
    }

    @Test
    void shouldRejectAWorkerRoleThatDoesNotExist() {
        assertRenderFails(Map.of("workers.groups[0].role", "trainee"), "role");
    }

    @Test
    void shouldRejectBundledAndExternalBrokerTogether() {
        assertRenderFails(Map.of("externalRabbitmq.host", "rabbitmq.example.com"),
                "rabbitmq.enabled=true and externalRabbitmq.host are both set");
    }

    @Test
    void shouldRejectBundledAndExternalDatabaseTogether() {
        assertRenderFails(Map.of("externalDatabase.host", "db.example.com"),
                "postgresql.enabled=true and externalDatabase.host are both set");
    }

    @Test
    void shouldRejectBundledAndExternalObjectStoreTogether() {
        assertRenderFails(Map.of("externalS3.endpoint", "https://s3.example.com"),
                "minio.enabled=true and externalS3.endpoint are both set");
    }

    @Test
    void shouldRejectAReleaseWithoutABroker() {
        assertRenderFails(Map.of("rabbitmq.enabled", "false"), "no message broker");
    }

    @Test
    void shouldRejectAnExternalDatabaseWithoutCredentials() {
        assertRenderFails(Map.of("postgresql.enabled", "false", "externalDatabase.host", "db.example.com"),
                "externalDatabase: set existingSecret");
    }

    @Test
    void shouldRejectWorkersWithoutASession() {
        assertRenderFails(Map.of("workers.sessionId", ""), "workers.sessionId");
    }

    @Test
    void shouldRejectASharedWorkerAccountThatIsNotNamed() {
        assertRenderFails(Map.of("registry.workerBroker.perWorkerUsers", "false"),
                "workers never get the services' or the administrator's broker account");
    }

    @Test
    void shouldRejectHandingWorkersTheServicesAccount() {
        assertRenderFails(Map.of("registry.workerBroker.perWorkerUsers", "false", "registry.workerBroker.username",
                "asyn2f-services", "registry.workerBroker.password", "x"), "an account of the workers' own");
        assertRenderFails(Map.of("registry.workerBroker.perWorkerUsers", "false", "registry.workerBroker.username",
                "asyn2f", "registry.workerBroker.password", "x"), "an account of the workers' own");
    }

    @Test
    void shouldRejectPerWorkerUsersOnAnExternalBrokerWithoutItsManagementApi() {
        assertRenderFails(Map.of("rabbitmq.enabled", "false", "externalRabbitmq.host", "mq.example.com",
                "externalRabbitmq.existingSecret", "mq"), "needs externalRabbitmq.management.url");
    }
}
