package io.asyn2f.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The Testcontainers path: images and not-yet-started containers, and whether a Docker engine is usable.
 * Override the images with {@code -Dasyn2f.test.postgres.image=...} / {@code -Dasyn2f.test.rabbitmq.image=...}.
 */
public final class ServiceContainers {

    public static final String POSTGRES_IMAGE = System.getProperty("asyn2f.test.postgres.image", "postgres:17-alpine");
    public static final String RABBITMQ_IMAGE = System.getProperty("asyn2f.test.rabbitmq.image", "rabbitmq:4.1-alpine");

    private static volatile Boolean dockerUsable;

    private ServiceContainers() {
    }

    /** A new PostgreSQL container (not started); database and user are {@code test}. */
    public static PostgreSQLContainer postgres() {
        return new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("test")
                .withUsername("test")
                .withPassword("test");
    }

    /** A new RabbitMQ container (not started), user guest/guest, virtual host {@code /}. */
    public static RabbitMQContainer rabbitMq() {
        return new RabbitMQContainer(RABBITMQ_IMAGE);
    }

    /**
     * True when {@code ASYN2F_TEST_DOCKER} is not {@code false} and Testcontainers finds a Docker engine.
     * The probe runs once per JVM.
     */
    public static boolean dockerUsable() {
        Boolean usable = dockerUsable;
        if (usable == null) {
            synchronized (ServiceContainers.class) {
                usable = dockerUsable;
                if (usable == null) {
                    usable = TestSettings.dockerAllowed() && probeDocker();
                    dockerUsable = usable;
                }
            }
        }
        return usable;
    }

    private static boolean probeDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The endpoint of a started PostgreSQL container. */
    public static PostgresEndpoint endpoint(PostgreSQLContainer container) {
        return new PostgresEndpoint(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                Source.TESTCONTAINERS);
    }

    /** The endpoint of a started RabbitMQ container. */
    public static RabbitMqEndpoint endpoint(RabbitMQContainer container) {
        return new RabbitMqEndpoint(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                container.getAdminPassword(), "/", Source.TESTCONTAINERS);
    }
}
