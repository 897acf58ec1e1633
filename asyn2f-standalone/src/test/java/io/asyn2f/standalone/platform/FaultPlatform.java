package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.AggregatorApplication;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.embedded.EmbeddedS3;
import io.asyn2f.registry.RegistryApplication;
import io.asyn2f.storage.StorageGatewayApplication;
import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.Source;
import io.asyn2f.testing.TestInfrastructure;

/**
 * The server side for fault injection: PostgreSQL (the CI server's fresh database, else embedded), an AMQP broker
 * (the CI RabbitMQ with queues of this platform's own, or an embedded Qpid this platform owns and can restart), an
 * embedded S3 store it can stop and start again on the same port and folder, and the registry, storage gateway and
 * aggregator, each its own Spring context on a fixed port, so one of them can be stopped and started again alone.
 *
 * <p>Services shut down immediately (no graceful phase): stopping one is an outage, not a deployment. The registry
 * signs with a fixed key, as a deployment does, so tokens stay valid across its restart. The aggregator keeps every
 * global blob (retention of 1000 versions), so the store can be compared with the database.
 */
public final class FaultPlatform implements AutoCloseable {

    public enum Service { REGISTRY, GATEWAY, AGGREGATOR }

    private static final Logger log = LoggerFactory.getLogger(FaultPlatform.class);

    private final PostgresEndpoint database;
    private final Path storeFolder;
    private final boolean ownBroker;
    private final String queueSuffix;
    private final String adminPassword = Platform.secret();
    private final AggregatorCrash crash = new AggregatorCrash();
    private final Map<Service, Map<String, Object>> properties = new EnumMap<>(Service.class);
    private final Map<Service, ConfigurableApplicationContext> running = new EnumMap<>(Service.class);
    private final Map<Service, URI> urls = new EnumMap<>(Service.class);
    private EmbeddedAmqpBroker broker;
    private int brokerPort;
    private RabbitMqEndpoint brokerEndpoint;
    private EmbeddedS3 store;
    private int storePort;

    private FaultPlatform(Path storeFolder, boolean ownBroker) {
        this.database = TestInfrastructure.freshDatabase("faults");
        this.storeFolder = storeFolder;
        this.ownBroker = ownBroker;
        // On a shared broker every platform consumes queues of its own: another build's services never take its events.
        this.queueSuffix = ownBroker ? "" : "." + Platform.secret().substring(0, 8).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]", "x");
    }

    /**
     * Starts everything. With {@code ownBroker} (or when the environment names no RabbitMQ) the broker is an embedded
     * Qpid this platform owns; otherwise the CI RabbitMQ, which a test never restarts.
     */
    public static FaultPlatform start(Path storeFolder, boolean ownBroker) {
        boolean own = ownBroker || TestInfrastructure.rabbitMqSource() != Source.ENVIRONMENT;
        FaultPlatform platform = new FaultPlatform(storeFolder, own);
        try {
            platform.boot();
            return platform;
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw new IllegalStateException("the fault platform did not start: " + e.getMessage(), e);
        }
    }

    private void boot() throws IOException {
        if (ownBroker) {
            broker = EmbeddedAmqpBroker.start(0);
            brokerPort = broker.port();
            brokerEndpoint = RabbitMqEndpoint.of(broker);
        } else {
            brokerEndpoint = TestInfrastructure.rabbitMq();
        }
        store = EmbeddedS3.start(storeFolder, 0);
        storePort = store.port();
        Map<String, Object> db = Map.of("spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(), "spring.datasource.password", database.password());
        Map<String, Object> amqp = Map.of("spring.rabbitmq.host", brokerEndpoint.host(),
                "spring.rabbitmq.port", brokerEndpoint.port(), "spring.rabbitmq.username", brokerEndpoint.username(),
                "spring.rabbitmq.password", brokerEndpoint.password(),
                "spring.rabbitmq.virtual-host", brokerEndpoint.virtualHost());
        Map<String, Object> s3 = Map.of("asyn2f.s3.endpoint", store.endpointUrl(), "asyn2f.s3.access-key",
                store.accessKey(), "asyn2f.s3.secret-key", store.secretKey(), "asyn2f.s3.region", store.region());
        for (Service service : Service.values()) {
            urls.put(service, URI.create("http://127.0.0.1:" + Platform.freePort()));
        }
        String gatewaySecret = Platform.secret();

        Map<String, Object> registry = Platform.registryProperties(db, amqp, urls.get(Service.REGISTRY).getPort(),
                adminPassword, gatewaySecret, urls.get(Service.GATEWAY));
        Path key = java.nio.file.Files.createTempFile("asyn2f-faults-signing-", ".pem");
        java.nio.file.Files.writeString(key, signingKey());
        key.toFile().deleteOnExit();
        registry.put("asyn2f.registry.tokens.signing-key-location", key.toUri());
        registry.put("asyn2f.registry.heartbeat.timeout", "6s");
        registry.put("asyn2f.registry.heartbeat.sweep-interval", "1s");
        registry.put("asyn2f.registry.sessions-queue", EventRouting.REGISTRY_SESSIONS_QUEUE + queueSuffix);
        properties.put(Service.REGISTRY, registry);

        properties.put(Service.GATEWAY, Platform.gatewayProperties(amqp, s3, urls.get(Service.GATEWAY).getPort(),
                urls.get(Service.REGISTRY), gatewaySecret));

        Map<String, Object> aggregator = Platform.aggregatorProperties(db, amqp, s3,
                urls.get(Service.AGGREGATOR).getPort(), urls.get(Service.REGISTRY), adminPassword);
        aggregator.put("asyn2f.aggregator.retention.keep-global-versions", 1000);
        aggregator.put("asyn2f.aggregator.queues.updates", EventRouting.AGGREGATOR_UPDATES_QUEUE + queueSuffix);
        aggregator.put("asyn2f.aggregator.queues.evaluations", EventRouting.AGGREGATOR_EVALUATIONS_QUEUE + queueSuffix);
        aggregator.put("asyn2f.aggregator.queues.workers", EventRouting.AGGREGATOR_WORKERS_QUEUE + queueSuffix);
        properties.put(Service.AGGREGATOR, aggregator);

        for (Map<String, Object> service : properties.values()) {
            service.put("server.shutdown", "immediate");
            service.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        }
        for (Service service : Service.values()) {
            start(service);
        }
        log.info("fault platform: database {}, broker {}{}, store {} in {}", database.jdbcUrl(), brokerEndpoint,
                ownBroker ? " (own)" : " (shared, queues *" + queueSuffix + ")", store.endpointUrl(), storeFolder);
    }

    /** Starts {@code service} on its port, with the properties it had before. */
    public void start(Service service) {
        if (running.containsKey(service)) {
            throw new IllegalStateException(service + " is running");
        }
        running.put(service, switch (service) {
            case REGISTRY -> ServiceContexts.start(RegistryApplication.class, "registry-service",
                    properties.get(service));
            case GATEWAY -> ServiceContexts.start(StorageGatewayApplication.class, "storage-gateway",
                    properties.get(service));
            case AGGREGATOR -> ServiceContexts.start(AggregatorApplication.class, "aggregator-service",
                    properties.get(service), (ApplicationContextInitializer<ConfigurableApplicationContext>)
                            context -> context.getBeanFactory().addBeanPostProcessor(crash));
        });
        log.info("{} started on {}", service, urls.get(service));
    }

    /** Closes {@code service}'s context (no graceful phase); its port stays reserved for {@link #start(Service)}. */
    public void stop(Service service) {
        ConfigurableApplicationContext context = running.remove(service);
        if (context == null) {
            throw new IllegalStateException(service + " is not running");
        }
        context.close();
        log.info("{} stopped", service);
    }

    /** The hook that kills the aggregator between writing a global blob and committing it. */
    public AggregatorCrash aggregatorCrash() {
        return crash;
    }

    /** Whether this platform's broker is its own embedded Qpid, which {@link #restartBroker()} may restart. */
    public boolean ownsBroker() {
        return ownBroker;
    }

    /**
     * Stops the embedded broker, closing every connection of every service and worker, and starts a new one on the
     * same port. The new broker is empty (in-memory stores): clients must reconnect and declare everything again.
     */
    public void restartBroker() {
        if (!ownBroker) {
            throw new IllegalStateException("the shared broker is never restarted");
        }
        broker.close();
        broker = EmbeddedAmqpBroker.start(brokerPort);
        log.info("broker restarted on port {}", brokerPort);
    }

    public void stopStore() {
        store.close();
        store = null;
        log.info("store stopped");
    }

    public void startStore() {
        store = EmbeddedS3.start(storeFolder, storePort);
        log.info("store started on port {}", storePort);
    }

    /** A connection factory to this platform's broker, for looking into queues; the caller destroys it. */
    public CachingConnectionFactory brokerConnection() {
        CachingConnectionFactory factory = new CachingConnectionFactory(brokerEndpoint.host(), brokerEndpoint.port());
        factory.setUsername(brokerEndpoint.username());
        factory.setPassword(brokerEndpoint.password());
        factory.setVirtualHost(brokerEndpoint.virtualHost());
        return factory;
    }

    /** The dead-letter queues of the services' queues. */
    public List<String> serviceDeadLetterQueues() {
        return List.of(EventRouting.AGGREGATOR_UPDATES_QUEUE, EventRouting.AGGREGATOR_EVALUATIONS_QUEUE,
                EventRouting.AGGREGATOR_WORKERS_QUEUE, EventRouting.REGISTRY_SESSIONS_QUEUE).stream()
                .map(queue -> EventRouting.deadLetterQueue(queue + queueSuffix)).toList();
    }

    /** A client of the store with the services' credentials (only while the store runs). */
    public io.minio.MinioClient storeClient() {
        return io.minio.MinioClient.builder().endpoint("http://127.0.0.1:" + storePort)
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).region(EmbeddedS3.REGION).build();
    }

    public PostgresEndpoint database() {
        return database;
    }

    public URI registryUrl() {
        return urls.get(Service.REGISTRY);
    }

    public URI aggregatorUrl() {
        return urls.get(Service.AGGREGATOR);
    }

    public AdminClient admin() {
        return new AdminClient(aggregatorUrl(), Platform.ADMIN_USER, adminPassword);
    }

    /**
     * An enrollment token admitting {@code seats} workers to the session, issued through the registry's admin API;
     * with {@code fixedSamples}, every worker it admits is recorded with that many samples.
     */
    public String enrollmentToken(String sessionId, int seats, Long fixedSamples) {
        return new RegistryAdminClient(registryUrl(), Platform.ADMIN_USER, adminPassword)
                .issueEnrollmentToken(sessionId, seats, fixedSamples);
    }

    /** Stops the services, the broker (if its own) and the store; keeps going past failures. */
    @Override
    public void close() {
        for (Service service : List.of(Service.AGGREGATOR, Service.GATEWAY, Service.REGISTRY)) {
            ConfigurableApplicationContext context = running.remove(service);
            if (context != null) {
                quietly(context::close);
            }
        }
        if (store != null) {
            quietly(store::close);
        }
        if (broker != null) {
            quietly(broker::close);
        }
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("stopping a component failed: {}", e.toString());
        }
    }

    /** A fresh EC P-256 key as PKCS#8 PEM: the registry's signing key for the platform's lifetime. */
    private static String signingKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
