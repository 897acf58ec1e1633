package io.asyn2f.storage.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import io.asyn2f.storage.StorageGatewayApplication;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;

/**
 * One whole gateway started like {@code main} does, on a random port, against the real test broker and store: for
 * tests that need several instances at once (replicas) or their own start-up settings.
 */
public final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance with the test infrastructure, {@code queuePrefix}, {@code bucket} and {@code extra}. */
    public static GatewayInstance start(String queuePrefix, String bucket, Map<String, Object> extra) {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        S3Endpoint store = TestInfrastructure.s3();
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.rabbitmq.host", broker.host());
        properties.put("spring.rabbitmq.port", broker.port());
        properties.put("spring.rabbitmq.username", broker.username());
        properties.put("spring.rabbitmq.password", broker.password());
        properties.put("spring.rabbitmq.virtual-host", broker.virtualHost());
        properties.put("asyn2f.s3.endpoint", store.endpointUrl());
        properties.put("asyn2f.s3.access-key", store.accessKey());
        properties.put("asyn2f.s3.secret-key", store.secretKey());
        properties.put("asyn2f.s3.region", store.region());
        properties.put("asyn2f.s3.bucket", bucket);
        properties.put("asyn2f.gateway.jwks-uri", TestTokens.get().jwksUri());
        properties.put("asyn2f.gateway.events-queue-prefix", queuePrefix);
        properties.putAll(extra);
        // As command-line arguments: builder "properties" are defaults, which application.yml would override.
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new GatewayInstance(new SpringApplicationBuilder(StorageGatewayApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testConfigurationExclusion",
                        new TestConfigurationExclusion()))
                .run(arguments));
    }

    /**
     * Component scanning sees the test classes too; as in {@code @SpringBootTest}, keep {@code @TestConfiguration}
     * classes (e.g. {@link GatewayTestConfiguration}) out of an application started like {@code main}.
     */
    private static final class TestConfigurationExclusion extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other != null && other.getClass() == getClass();
        }

        @Override
        public int hashCode() {
            return getClass().hashCode();
        }
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public GatewayHttp http() {
        return new GatewayHttp(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean isActive() {
        return context.isActive();
    }

    @Override
    public void close() {
        context.close();
    }
}
