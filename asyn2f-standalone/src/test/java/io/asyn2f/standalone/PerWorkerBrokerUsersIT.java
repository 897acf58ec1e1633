package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.standalone.platform.AdminClient;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher with an external RabbitMQ and {@code --rabbitmq-management}: a registered worker gets a broker user
 * of its own, which may publish its updates and not a control event. Needs the RabbitMQ management API (CI has it).
 */
class PerWorkerBrokerUsersIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path store;

    @org.junit.jupiter.api.AfterEach
    void deleteWorkerUsers() {
        io.asyn2f.testing.RabbitMqUsers.deleteWorkerUsers(); // broker-wide: never left behind
    }

    @Test
    void shouldGiveEachWorkerItsOwnBrokerUserWithTheManagementOption() throws Exception {
        assumeTrue(TestInfrastructure.rabbitMqManagement().isPresent(), "needs the RabbitMQ management API");
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        URI management = TestInfrastructure.rabbitMqManagement().orElseThrow();
        try (Platform platform = Platform.start(new LauncherOptions.External(broker.amqpUri(), null, null, null,
                null, null, null, null, management.toString()), store, System.out)) {
            String sessionId = new AdminClient(platform.aggregatorUrl(), platform.adminUser(),
                    platform.adminPassword()).createSession(TinySession.configuration("broker users test"));
            // The registry learns the session from session.opened: until then registration is 404.
            HttpResponse<String> registered = await().atMost(Duration.ofSeconds(30))
                    .until(() -> register(platform, sessionId), response -> response.statusCode() == 201);
            JsonNode registration = json.readTree(registered.body());
            String workerId = registration.path("workerId").asString();
            JsonNode credentials = registration.path("broker");
            assertThat(credentials.path("username").asString()).isEqualTo(EventRouting.workerBrokerUser(workerId));
            assertThat(credentials.path("trustedPublishers").get(0).asString()).isEqualTo(broker.username());

            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(broker.amqpUri());
            factory.setUsername(credentials.path("username").asString());
            factory.setPassword(credentials.path("password").asString());
            factory.setAutomaticRecoveryEnabled(false);
            try (Connection connection = factory.newConnection()) {
                Channel allowed = connection.createChannel();
                allowed.confirmSelect();
                allowed.basicPublish(EventRouting.EXCHANGE, "update.submitted." + sessionId, properties(credentials),
                        "{}".getBytes(StandardCharsets.UTF_8));
                allowed.waitForConfirmsOrDie(5_000);

                Channel refused = connection.createChannel();
                refused.basicPublish(EventRouting.EXCHANGE, "session.stopped." + sessionId, properties(credentials),
                        "{}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(5)).until(() -> !refused.isOpen());
                assertThat(((AMQP.Channel.Close) refused.getCloseReason().getReason()).getReplyCode())
                        .isEqualTo(AMQP.ACCESS_REFUSED);
            }
        }
    }

    private HttpResponse<String> register(Platform platform, String sessionId) throws Exception {
        return http.send(HttpRequest.newBuilder(platform.registryUrl().resolve("/api/v1/sessions/" + sessionId
                        + "/workers"))
                .header("Authorization", "Bearer " + platform.enrollmentToken(sessionId, 1))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"trainer\",\"samples\":10,\"quality\":1.0,"
                        + "\"system\":{\"cpuCores\":1,\"memoryBytes\":1000000,\"gpu\":null,\"backend\":\"cpu\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AMQP.BasicProperties properties(JsonNode credentials) {
        return new AMQP.BasicProperties.Builder().userId(credentials.path("username").asString()).build();
    }
}
