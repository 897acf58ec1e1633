package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/** The cap on sessions not yet finished, on an aggregator of its own with a cap of two. */
class SessionLimitsIT {

    private static final String PREFIX = "asyn2f.test.session-limits.";
    private static final String SESSION = "{\"modelArchitecture\":\"mlp:3-2\",\"dataset\":{\"name\":\"synthetic\"},"
            + "\"strategy\":{\"name\":\"asyn2f\"}}";

    @Test
    void shouldRefuseASessionBeyondTheOpenSessionCapWithAConflictProblemUntilOneFinishes() {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        Map<String, Object> properties = OwnAggregator.properties(TestInfrastructure.freshDatabase("aggregator-limits"),
                broker, TestInfrastructure.s3(), "session-limits", PREFIX);
        properties.put("asyn2f.aggregator.limits.max-open-sessions", 2);
        CachingConnectionFactory connections = OwnAggregator.connections(broker);
        try (ConfigurableApplicationContext aggregator = OwnAggregator.start(properties)) {
            AdminClient admin = OwnAggregator.admin(aggregator);
            String first = admin.createSession(SESSION);
            admin.createSession(SESSION);

            HttpResponse<String> third = admin.post("/api/v1/sessions", SESSION);

            assertThat(third.statusCode()).isEqualTo(409);
            assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = admin.json(third.body());
            assertThat(problem.path("title").asString()).isEqualTo("Too many open sessions");
            assertThat(problem.path("detail").asString()).contains("at most 2")
                    .contains("asyn2f.aggregator.limits.max-open-sessions");
            assertThat(admin.getJson("/api/v1/sessions").size()).isEqualTo(2);

            assertThat(admin.post("/api/v1/sessions/" + first + "/stop", "").statusCode()).isEqualTo(200);
            admin.createSession(SESSION);
            assertThat(admin.getJson("/api/v1/sessions").size()).isEqualTo(3);
        } finally {
            OwnAggregator.deleteQueues(new RabbitAdmin(connections), PREFIX);
            connections.destroy();
        }
    }
}
