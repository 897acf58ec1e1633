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
}
