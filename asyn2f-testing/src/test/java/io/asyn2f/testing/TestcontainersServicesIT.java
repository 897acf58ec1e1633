package io.asyn2f.testing;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import static org.assertj.core.api.Assertions.assertThat;

/** The Docker path; skipped where no Docker engine is reachable (as on our build machines). */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersServicesIT {

    @Container
    static final PostgreSQLContainer POSTGRES = ServiceContainers.postgres();

    @Container
    static final RabbitMQContainer RABBITMQ = ServiceContainers.rabbitMq();

    @Test
    void shouldUseAPostgresContainer() throws Exception {
        PostgresEndpoint server = ServiceContainers.endpoint(POSTGRES);

        assertThat(server.source()).isEqualTo(Source.TESTCONTAINERS);
        assertThat(PostgresChecks.version(server)).startsWith("PostgreSQL 17");
        PostgresChecks.createInsertUpsertSelect(server.createFreshDatabase("container_it"));
    }

    @Test
    void shouldPublishAndConsumeOnARabbitMqContainer() throws Exception {
        RabbitMqEndpoint broker = ServiceContainers.endpoint(RABBITMQ);

        assertThat(broker.source()).isEqualTo(Source.TESTCONTAINERS);
        AmqpRoundTrip.publishAndConsume(broker);
    }
}
