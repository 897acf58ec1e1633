package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import io.asyn2f.aggregator.AggregatorApplication;
import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.embedded.EmbeddedPostgres;
import io.asyn2f.embedded.EmbeddedS3;
import io.asyn2f.registry.RegistryApplication;
import io.asyn2f.standalone.LauncherOptions;
import io.asyn2f.storage.StorageGatewayApplication;
import io.asyn2f.web.ApiDocs;

/**
 * The whole server side in this JVM: PostgreSQL, an AMQP broker and an S3 store (embedded unless external ones are
 * given), then the registry, storage gateway and aggregator, each as its own Spring context on a free port, wired to
 * each other with freshly generated secrets. Closing stops everything in reverse order.
 */
public final class Platform implements AutoCloseable {

    /** The client id the gateway uses towards the registry (no dash, so it also binds from environment variables). */
    static final String GATEWAY_CLIENT = "gateway";
    static final String ADMIN_USER = "admin";
    /** Each service serves its OpenAPI document and Swagger UI ({@code /swagger-ui.html}) in the launcher. */
    static final String API_DOCS = ApiDocs.ENABLED_PROPERTY;

    /**
     * The gateway has no database, but in this JVM the registry's and aggregator's JPA jars are on the classpath:
     * without these exclusions Spring Boot would try to build a DataSource for it.
     */
    static final String NO_DATABASE = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String adminPassword = secret();
    private URI registryUrl;
    private URI gatewayUrl;
    private URI aggregatorUrl;
    private String storageDescription;
    private String brokerDescription;
    private String databaseDescription;

    private Platform() {
    }

    /** Starts everything; on failure, stops what had started and throws with what went wrong. */
    public static Platform start(LauncherOptions.External external, Path storageFolder, PrintStream log) {
        return start(external, storageFolder, log, Overrides.NONE);
    }

    /**
     * Properties given to one service on top of (and over) the launcher's own, e.g. a load test's registration
     * throttle.
     */
    public record Overrides(Map<String, Object> registry, Map<String, Object> gateway,
            Map<String, Object> aggregator) {

        public static final Overrides NONE = new Overrides(Map.of(), Map.of(), Map.of());

        public Overrides {
            registry = Map.copyOf(registry);
            gateway = Map.copyOf(gateway);
            aggregator = Map.copyOf(aggregator);
        }
    }

    /** Starts everything with {@code overrides}; on failure, stops what had started and throws. */
    public static Platform start(LauncherOptions.External external, Path storageFolder, PrintStream log,
            Overrides overrides) {
        Platform platform = new Platform();
        try {
            platform.boot(external, storageFolder, log, overrides);
            return platform;
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void boot(LauncherOptions.External external, Path storageFolder, PrintStream log, Overrides overrides)
            throws IOException {
        checkReachable(external);
        Map<String, Object> database = database(external);
        Map<String, Object> broker = broker(external);
        Map<String, Object> s3 = s3(external, storageFolder);
        log.printf("  database: %s%n  broker:   %s%n  storage:  %s%n", databaseDescription, brokerDescription,
                storageDescription);

        int registryPort = freePort();
        int gatewayPort = freePort();
        int aggregatorPort = freePort();
        registryUrl = URI.create("http://127.0.0.1:" + registryPort);
        gatewayUrl = URI.create("http://127.0.0.1:" + gatewayPort);
        aggregatorUrl = URI.create("http://127.0.0.1:" + aggregatorPort);
        String gatewaySecret = secret();

        started.push(ServiceContexts.start(RegistryApplication.class, "registry-service", with(registryProperties(
                database, broker, registryPort, adminPassword, gatewaySecret, gatewayUrl), overrides.registry()))::close);
        log.println("  registry-service   " + registryUrl);
        started.push(ServiceContexts.start(StorageGatewayApplication.class, "storage-gateway",
                with(gatewayProperties(broker, s3, gatewayPort, registryUrl, gatewaySecret), overrides.gateway()))::close);
        log.println("  storage-gateway    " + gatewayUrl);
        started.push(ServiceContexts.start(AggregatorApplication.class, "aggregator-service",
                with(aggregatorProperties(database, broker, s3, aggregatorPort, registryUrl, adminPassword),
                        overrides.aggregator()))::close);
        log.println("  aggregator-service " + aggregatorUrl);
    }

    private static Map<String, Object> with(Map<String, Object> properties, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(properties);
        merged.putAll(overrides);
        return merged;
    }

    /**
     * The registry's properties on {@code port}, wired to the gateway at {@code gatewayUrl}. No shared enrollment
     * secret: workers enroll with a token the launcher issues for each session ({@link #enrollmentToken}).
     */
    static Map<String, Object> registryProperties(Map<String, Object> database, Map<String, Object> broker, int port,
            String adminPassword, String gatewaySecret, URI gatewayUrl) {
        Map<String, Object> registry = new LinkedHashMap<>(database);
        registry.putAll(broker);
        registry.put("server.port", port);
        registry.put(API_DOCS, true);
        registry.put("asyn2f.registry.admin.username", ADMIN_USER);
        registry.put("asyn2f.registry.admin.password", adminPassword);
        registry.put("asyn2f.registry.service-clients." + GATEWAY_CLIENT + ".secret", gatewaySecret);
        registry.put("asyn2f.registry.storage-gateway.url", gatewayUrl);
        return registry;
    }

    /** The storage gateway's properties on {@code port}, validating tokens against the registry's keys. */
    static Map<String, Object> gatewayProperties(Map<String, Object> broker, Map<String, Object> s3, int port,
            URI registryUrl, String gatewaySecret) {
        Map<String, Object> gateway = new LinkedHashMap<>(broker);
        gateway.putAll(s3);
        gateway.put("server.port", port);
        gateway.put(API_DOCS, true);
        gateway.put("spring.autoconfigure.exclude", NO_DATABASE);
        gateway.put("asyn2f.gateway.jwks-uri", registryUrl + "/.well-known/jwks.json");
        gateway.put("asyn2f.gateway.registry.url", registryUrl);
        gateway.put("asyn2f.gateway.registry.client-id", GATEWAY_CLIENT);
        gateway.put("asyn2f.gateway.registry.client-secret", gatewaySecret);
        return gateway;
    }

    /** The aggregator's properties on {@code port}, validating tokens against the registry's keys. */
    static Map<String, Object> aggregatorProperties(Map<String, Object> database, Map<String, Object> broker,
            Map<String, Object> s3, int port, URI registryUrl, String adminPassword) {
        Map<String, Object> aggregator = new LinkedHashMap<>(database);
        aggregator.putAll(broker);
        aggregator.putAll(s3);
        aggregator.put("server.port", port);
        aggregator.put(API_DOCS, true);
        aggregator.put("asyn2f.aggregator.jwks-uri", registryUrl + "/.well-known/jwks.json");
        aggregator.put("asyn2f.aggregator.admin.username", ADMIN_USER);
        aggregator.put("asyn2f.aggregator.admin.password", adminPassword);
        return aggregator;
    }

    private Map<String, Object> database(LauncherOptions.External external) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (external.postgresUrl() != null) {
            properties.put("spring.datasource.url", external.postgresUrl());
            properties.put("spring.datasource.username", external.postgresUser());
            properties.put("spring.datasource.password", external.postgresPassword());
            databaseDescription = external.postgresUrl() + " (external)";
        } else {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            started.push(postgres);
            properties.put("spring.datasource.url", postgres.jdbcUrl());
            properties.put("spring.datasource.username", postgres.username());
            properties.put("spring.datasource.password", postgres.password());
            databaseDescription = "embedded PostgreSQL on port " + postgres.port();
        }
        return properties;
    }

    private Map<String, Object> broker(LauncherOptions.External external) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (external.rabbitMqUri() != null) {
            URI uri = URI.create(external.rabbitMqUri());
            String[] credentials = uri.getRawUserInfo() == null ? new String[] {"guest", "guest"}
                    : uri.getRawUserInfo().split(":", 2);
            String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/"
                    : URLDecoder.decode(uri.getRawPath().substring(1), StandardCharsets.UTF_8);
            properties.put("spring.rabbitmq.host", uri.getHost());
            properties.put("spring.rabbitmq.port", uri.getPort() > 0 ? uri.getPort() : 5672);
            properties.put("spring.rabbitmq.username", URLDecoder.decode(credentials[0], StandardCharsets.UTF_8));
            properties.put("spring.rabbitmq.password",
                    credentials.length > 1 ? URLDecoder.decode(credentials[1], StandardCharsets.UTF_8) : "");
            properties.put("spring.rabbitmq.virtual-host", path);
            brokerDescription = uri.getHost() + ":" + properties.get("spring.rabbitmq.port") + " (external)";
            if (external.rabbitMqManagementUrl() != null) {
                properties.putAll(workerBrokerUsers(external.rabbitMqManagementUrl(), properties));
                brokerDescription += ", a broker user per worker";
            }
        } else {
            EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start();
            started.push(broker);
            properties.put("spring.rabbitmq.host", broker.host());
            properties.put("spring.rabbitmq.port", broker.port());
            properties.put("spring.rabbitmq.username", EmbeddedAmqpBroker.USERNAME);
            properties.put("spring.rabbitmq.password", EmbeddedAmqpBroker.PASSWORD);
            properties.put("spring.rabbitmq.virtual-host", EmbeddedAmqpBroker.VIRTUAL_HOST);
            brokerDescription = "embedded Qpid (AMQP 0-9-1) on port " + broker.port();
        }
        return properties;
    }

    /**
     * The registry manages a user per worker through the management API (with the user of its URL, else the services'
     * broker user), and the aggregator requires each update to come from its worker's user. One map for both
     * services, which ignore the other's property.
     */
    private static Map<String, Object> workerBrokerUsers(String managementUrl, Map<String, Object> broker) {
        URI uri = URI.create(managementUrl);
        String user = String.valueOf(broker.get("spring.rabbitmq.username"));
        String password = String.valueOf(broker.get("spring.rabbitmq.password"));
        if (uri.getRawUserInfo() != null) {
            String[] credentials = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(credentials[0], StandardCharsets.UTF_8);
            password = credentials.length > 1 ? URLDecoder.decode(credentials[1], StandardCharsets.UTF_8) : "";
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("asyn2f.registry.worker-broker.management.url", URI.create(uri.getScheme() + "://"
                + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())).toString());
        properties.put("asyn2f.registry.worker-broker.management.username", user);
        properties.put("asyn2f.registry.worker-broker.management.password", password);
        properties.put("asyn2f.messaging.worker-broker-users", true);
        return properties;
    }

    private Map<String, Object> s3(LauncherOptions.External external, Path storageFolder) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (external.s3Endpoint() != null) {
            properties.put("asyn2f.s3.endpoint", external.s3Endpoint());
            properties.put("asyn2f.s3.access-key", external.s3AccessKey());
            properties.put("asyn2f.s3.secret-key", external.s3SecretKey());
            properties.put("asyn2f.s3.region", external.s3Region());
            storageDescription = external.s3Endpoint() + " (external)";
        } else {
            EmbeddedS3 store = EmbeddedS3.start(storageFolder);
            started.push(store);
            properties.put("asyn2f.s3.endpoint", store.endpointUrl());
            properties.put("asyn2f.s3.access-key", store.accessKey());
            properties.put("asyn2f.s3.secret-key", store.secretKey());
            properties.put("asyn2f.s3.region", store.region());
            storageDescription = "embedded S3Proxy in " + storageFolder;
        }
        return properties;
    }

    public URI registryUrl() {
        return registryUrl;
    }

    public URI gatewayUrl() {
        return gatewayUrl;
    }

    public URI aggregatorUrl() {
        return aggregatorUrl;
    }

    /** Issues an enrollment token admitting {@code seats} workers to the session, through the registry's admin API. */
    public String enrollmentToken(String sessionId, int seats) {
        return new RegistryAdminClient(registryUrl, ADMIN_USER, adminPassword).issueEnrollmentToken(sessionId, seats);
    }

    public String adminUser() {
        return ADMIN_USER;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** Stops the services, then the broker, store and database; keeps going past failures. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("asyn2f: stopping a component failed: " + e);
            }
        }
    }

    /** Fails fast, naming the service, when an external one cannot be reached: nothing is started then. */
    static void checkReachable(LauncherOptions.External external) {
        if (external.rabbitMqUri() != null) {
            URI uri = URI.create(external.rabbitMqUri());
            connect("RabbitMQ", uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5672);
        }
        if (external.postgresUrl() != null) {
            URI uri = URI.create(external.postgresUrl().substring("jdbc:".length()));
            connect("PostgreSQL", uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432);
        }
        if (external.s3Endpoint() != null) {
            URI uri = URI.create(external.s3Endpoint());
            connect("the S3 store", uri.getHost(),
                    uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80);
        }
    }

    private static void connect(String service, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(service + " at " + host + ":" + port + " is unreachable: " + e.getMessage(),
                    e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
