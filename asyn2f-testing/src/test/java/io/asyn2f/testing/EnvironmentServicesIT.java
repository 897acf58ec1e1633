package io.asyn2f.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs where CI exports the endpoints of its PostgreSQL and RabbitMQ. */
class EnvironmentServicesIT {

    @Test
    @EnabledIfEnvironmentVariable(named = TestSettings.POSTGRES_URL, matches = ".+")
    void shouldUseTheEnvironmentsPostgresThroughAFreshDatabase() throws Exception {
        assertThat(TestInfrastructure.postgresSource()).isEqualTo(Source.ENVIRONMENT);

        PostgresEndpoint first = TestInfrastructure.freshDatabase("environment_it");
        PostgresEndpoint second = TestInfrastructure.freshDatabase("environment_it");

        assertThat(first.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(first.databaseName()).startsWith("environment_it_").isNotEqualTo(second.databaseName());
        // The same table in both proves the databases are isolated from each other.
        PostgresChecks.createInsertUpsertSelect(first);
        PostgresChecks.createInsertUpsertSelect(second);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestSettings.RABBITMQ_HOST, matches = ".+")
    void shouldPublishAndConsumeOnTheEnvironmentsRabbitMq() throws Exception {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();

        assertThat(broker.source()).isEqualTo(Source.ENVIRONMENT);
        AmqpRoundTrip.publishAndConsume(broker);
    }

    /** .ci/run enables the management API: each test JVM then works in a virtual host of its own. */
    @Test
    @EnabledIfEnvironmentVariable(named = TestSettings.RABBITMQ_HOST, matches = ".+")
    void shouldGiveThisJvmAVirtualHostOfItsOwnWhenTheManagementApiAnswers() throws Exception {
        java.net.URI management = java.net.URI.create(TestSettings.value(TestSettings.RABBITMQ_MANAGEMENT_URL,
                "http://" + TestSettings.value(TestSettings.RABBITMQ_HOST).orElseThrow() + ":15672/"));
        org.junit.jupiter.api.Assumptions.assumeTrue(TestSettings.value(TestSettings.RABBITMQ_VHOST).isEmpty(),
                "a virtual host is configured");
        org.junit.jupiter.api.Assumptions.assumeTrue(answers(management), "the management API does not answer");

        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();

        assertThat(broker.virtualHost()).startsWith(OwnVirtualHost.PREFIX + ProcessHandle.current().pid() + "-");
        AmqpRoundTrip.publishAndConsume(broker);
    }

    private static boolean answers(java.net.URI management) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(management.getHost(), management.getPort()), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
