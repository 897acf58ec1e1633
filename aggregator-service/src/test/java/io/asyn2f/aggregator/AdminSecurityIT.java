package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.TestInfrastructure;

/**
 * The admin credential on an aggregator of its own (failed logins lock out the test's address, which the shared
 * context must not see): required at start, failed logins limited per address and per user name.
 */
class AdminSecurityIT {

    private static final String PREFIX = "asyn2f.test.admin-security.";
    private static final RabbitMqEndpoint BROKER = TestInfrastructure.rabbitMq();

    private static ConfigurableApplicationContext aggregator;
    private static AdminClient admin;

    private static Map<String, Object> properties(String name) {
        Map<String, Object> properties = OwnAggregator.properties(TestInfrastructure.freshDatabase(name), BROKER,
                TestInfrastructure.s3(), name, PREFIX);
        properties.put("asyn2f.aggregator.admin.max-failed-attempts", 3);
        properties.put("asyn2f.aggregator.admin.failure-window", "1h");
        return properties;
    }

    @BeforeAll
    static void start() {
        aggregator = OwnAggregator.start(properties("aggregator-admin-security"));
        admin = OwnAggregator.admin(aggregator);
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        CachingConnectionFactory connections = OwnAggregator.connections(BROKER);
        OwnAggregator.deleteQueues(new RabbitAdmin(connections), PREFIX);
        connections.destroy();
    }

    @Test
    void shouldRefuseToStartWithoutAnAdminPasswordSayingWhichSettingIsMissing() {
        Map<String, Object> properties = properties("aggregator-no-password");
        properties.remove("asyn2f.aggregator.admin.password");

        assertThatThrownBy(() -> OwnAggregator.start(properties).close())
                .satisfies(e -> assertThat(causes(e)).contains("asyn2f.aggregator.admin.password")
                        .contains("has no default"));
    }

    @Test
    void shouldAnswerTooManyRequestsAfterTheMaximumOfFailedLoginsEvenToTheRightPassword() {
        assertThat(admin.get("/api/v1/sessions").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(admin.get("/api/v1/sessions", AdminClient.USER, "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> right = admin.get("/api/v1/sessions");
        HttpResponse<String> otherUser = admin.get("/api/v1/sessions", "root", "guess");

        for (HttpResponse<String> refused : java.util.List.of(right, otherUser)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
            assertThat(admin.json(refused.body()).path("status").asInt()).isEqualTo(429);
        }
        assertThat(admin.get("/actuator/health", null, null).statusCode()).as("probes are never limited")
                .isEqualTo(200);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
