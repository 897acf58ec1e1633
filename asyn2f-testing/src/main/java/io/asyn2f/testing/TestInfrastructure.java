package io.asyn2f.testing;

import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.embedded.EmbeddedPostgres;
import io.asyn2f.embedded.EmbeddedS3;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PostgreSQL, an AMQP 0-9-1 broker and an S3-compatible store for integration tests, each started on first
 * use, shared by the whole JVM and stopped by a shutdown hook. Each is chosen in this order:
 * <ol>
 *   <li>{@link Source#ENVIRONMENT}: the endpoint named by {@code ASYN2F_TEST_*} variables (see {@link TestSettings});</li>
 *   <li>{@link Source#TESTCONTAINERS}: a container, when a Docker engine is reachable and {@code ASYN2F_TEST_DOCKER}
 *       is not {@code false} (PostgreSQL and RabbitMQ only);</li>
 *   <li>{@link Source#EMBEDDED}: {@link EmbeddedPostgres}, {@link EmbeddedAmqpBroker}, {@link EmbeddedS3}.</li>
 * </ol>
 */
public final class TestInfrastructure {

    private static final Object POSTGRES_LOCK = new Object();
    private static final Object RABBITMQ_LOCK = new Object();
    private static final Object S3_LOCK = new Object();

    /** Everything this class started, stopped in reverse order at JVM exit. */
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();
    /** Databases created on a server this JVM does not own, dropped at JVM exit. */
    private static final List<PostgresEndpoint> FRESH_DATABASES_ON_SHARED_SERVER = new CopyOnWriteArrayList<>();

    private static PostgresEndpoint postgres;
    private static RabbitMqEndpoint rabbitMq;
    private static URI rabbitMqManagement;
    private static S3Endpoint s3;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopAll, "asyn2f-test-infrastructure-stop"));
    }

    private TestInfrastructure() {
    }

    public static Source postgresSource() {
        if (TestSettings.value(TestSettings.POSTGRES_URL).isPresent()) {
            return Source.ENVIRONMENT;
        }
        return ServiceContainers.dockerUsable() ? Source.TESTCONTAINERS : Source.EMBEDDED;
    }

    public static Source rabbitMqSource() {
        if (TestSettings.value(TestSettings.RABBITMQ_HOST).isPresent()) {
            return Source.ENVIRONMENT;
        }
        return ServiceContainers.dockerUsable() ? Source.TESTCONTAINERS : Source.EMBEDDED;
    }

    /** S3 has no container path: the environment's endpoint, else embedded S3Proxy. */
    public static Source s3Source() {
        return TestSettings.value(TestSettings.S3_ENDPOINT).isPresent() ? Source.ENVIRONMENT : Source.EMBEDDED;
    }

    /** The shared PostgreSQL server's endpoint (its default database); prefer {@link #freshDatabase(String)}. */
    public static PostgresEndpoint postgres() {
        synchronized (POSTGRES_LOCK) {
            if (postgres == null) {
                postgres = switch (postgresSource()) {
                    case ENVIRONMENT -> new PostgresEndpoint(TestSettings.value(TestSettings.POSTGRES_URL).orElseThrow(),
                            TestSettings.value(TestSettings.POSTGRES_USER, "postgres"),
                            TestSettings.value(TestSettings.POSTGRES_PASSWORD, ""), Source.ENVIRONMENT);
                    case TESTCONTAINERS -> {
                        PostgreSQLContainer container = ServiceContainers.postgres();
                        container.start();
                        registerForStop(container);
                        yield ServiceContainers.endpoint(container);
                    }
                    case EMBEDDED -> PostgresEndpoint.of(registerForStop(EmbeddedPostgres.start()));
                };
            }
            return postgres;
        }
    }

    /**
     * A new, empty, uniquely named database on the selected PostgreSQL server, so tests never see each
     * other's tables, not even on the shared CI server. Databases on a shared server are dropped at JVM exit.
     */
    public static PostgresEndpoint freshDatabase(String prefix) {
        PostgresEndpoint server = postgres();
        PostgresEndpoint database = server.createFreshDatabase(prefix);
        if (server.source() == Source.ENVIRONMENT) {
            FRESH_DATABASES_ON_SHARED_SERVER.add(database);
        }
        return database;
    }

    public static RabbitMqEndpoint rabbitMq() {
        synchronized (RABBITMQ_LOCK) {
            if (rabbitMq == null) {
                rabbitMq = switch (rabbitMqSource()) {
                    case ENVIRONMENT -> environmentRabbitMq();
                    case TESTCONTAINERS -> {
                        RabbitMQContainer container = ServiceContainers.rabbitMq();
                        container.start();
                        registerForStop(container);
                        yield ServiceContainers.endpoint(container);
                    }
                    case EMBEDDED -> RabbitMqEndpoint.of(registerForStop(EmbeddedAmqpBroker.start()));
                };
            }
            return rabbitMq;
        }
    }

    /**
     * The environment's RabbitMQ, in a virtual host of this JVM's own when its management API answers
     * ({@code ASYN2F_TEST_RABBITMQ_MANAGEMENT_URL}, default port 15672 on the same host; {@code .ci/run} enables the
     * plugin) unless {@code ASYN2F_TEST_RABBITMQ_VHOST} names one.
     */
    private static RabbitMqEndpoint environmentRabbitMq() {
        String host = TestSettings.value(TestSettings.RABBITMQ_HOST).orElseThrow();
        int port = Integer.parseInt(TestSettings.value(TestSettings.RABBITMQ_PORT, "5672").trim());
        String user = TestSettings.value(TestSettings.RABBITMQ_USER, "guest");
        String password = TestSettings.value(TestSettings.RABBITMQ_PASSWORD, "guest");
        String vhost = TestSettings.value(TestSettings.RABBITMQ_VHOST).orElse(null);
        if (vhost == null) {
            URI management = URI.create(TestSettings.value(TestSettings.RABBITMQ_MANAGEMENT_URL,
                    "http://" + host + ":15672/"));
            vhost = OwnVirtualHost.create(management, user, password).map(registered -> {
                registerForStop(registered);
                rabbitMqManagement = management;
                return registered.name();
            }).orElse("/");
        }
        return new RabbitMqEndpoint(host, port, user, password, vhost, Source.ENVIRONMENT);
    }

    /**
     * The management HTTP API of {@link #rabbitMq()}, reachable with its user's credentials, or empty where there is
     * none (embedded Qpid, a container, or an environment broker without the plugin). Tests that need it (per-worker
     * broker users) skip without it; users they create are broker-wide: delete them, or name them
     * {@code asyn2f-worker-*} with permissions on the JVM's virtual host, which are deleted with it.
     */
    public static java.util.Optional<URI> rabbitMqManagement() {
        rabbitMq();
        synchronized (RABBITMQ_LOCK) {
            return java.util.Optional.ofNullable(rabbitMqManagement);
        }
    }

    public static S3Endpoint s3() {
        synchronized (S3_LOCK) {
            if (s3 == null) {
                s3 = s3Source() == Source.ENVIRONMENT
                        ? new S3Endpoint(TestSettings.value(TestSettings.S3_ENDPOINT).orElseThrow(),
                                TestSettings.value(TestSettings.S3_ACCESS_KEY).orElseThrow(
                                        () -> new IllegalStateException(TestSettings.S3_ACCESS_KEY + " is not set")),
                                TestSettings.value(TestSettings.S3_SECRET_KEY).orElseThrow(
                                        () -> new IllegalStateException(TestSettings.S3_SECRET_KEY + " is not set")),
                                TestSettings.value(TestSettings.S3_REGION, "us-east-1"), Source.ENVIRONMENT)
                        : S3Endpoint.of(registerForStop(EmbeddedS3.start()));
            }
            return s3;
        }
    }

    private static <T extends AutoCloseable> T registerForStop(T service) {
        synchronized (STARTED) {
            STARTED.push(service);
        }
        return service;
    }

    private static void stopAll() {
        PostgresEndpoint server = postgres;
        for (PostgresEndpoint database : FRESH_DATABASES_ON_SHARED_SERVER) {
            try {
                server.dropDatabase(database.databaseName());
            } catch (RuntimeException e) {
                System.err.println("asyn2f-testing: could not drop " + database.databaseName() + ": " + e.getMessage());
            }
        }
        synchronized (STARTED) {
            while (!STARTED.isEmpty()) {
                try {
                    STARTED.pop().close();
                } catch (Exception e) {
                    System.err.println("asyn2f-testing: could not stop a test service: " + e);
                }
            }
        }
    }
}
