package io.asyn2f.registry.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.RabbitMqUsers;
import io.asyn2f.testing.TestInfrastructure;

import tools.jackson.databind.JsonNode;

/**
 * The registry with per-worker broker users on the real RabbitMQ (its management API, a 500 ms sweep, a 3 s grace):
 * one context for every such IT. Skipped where no management API answers (embedded Qpid); CI has it. The users the
 * registry makes are deleted after each test (they are broker-wide).
 */
public abstract class PerWorkerBrokerUsersTest extends RegistryIntegrationTest {

    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needsManagement() {
        assumeTrue(TestInfrastructure.rabbitMqManagement().isPresent(),
                "no RabbitMQ management API: per-worker broker users need one");
    }

    @DynamicPropertySource
    static void management(DynamicPropertyRegistry registry) {
        TestInfrastructure.rabbitMqManagement().ifPresent(url -> {
            RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
            registry.add("asyn2f.registry.worker-broker.management.url", url::toString);
            registry.add("asyn2f.registry.worker-broker.management.username", broker::username);
            registry.add("asyn2f.registry.worker-broker.management.password", broker::password);
            registry.add("asyn2f.registry.worker-broker.management.sweep-interval", () -> "500ms");
            registry.add("asyn2f.registry.worker-broker.management.session-stop-grace", () -> "1s");
        });
    }

    @AfterEach
    void deleteWorkerUsers() {
        RabbitMqUsers.deleteWorkerUsers();
    }

    @AfterEach
    void closeConnections() {
        for (Connection connection : connections) {
            if (connection.isOpen()) {
                try {
                    connection.close();
                } catch (Exception e) {
                    // already going
                }
            }
        }
    }

    /** An AMQP connection with the credentials of a registration response's {@code broker} (closed after the test). */
    protected Connection connect(JsonNode broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.path("host").asString());
        factory.setPort(broker.path("port").asInt());
        factory.setVirtualHost(broker.path("virtualHost").asString());
        factory.setUsername(broker.path("username").asString());
        factory.setPassword(broker.path("password").asString());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout((int) TimeUnit.SECONDS.toMillis(5));
        Connection connection = factory.newConnection();
        connections.add(connection);
        return connection;
    }
}
