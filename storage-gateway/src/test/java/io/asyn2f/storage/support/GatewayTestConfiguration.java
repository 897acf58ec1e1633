package io.asyn2f.storage.support;

import java.util.UUID;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

import io.asyn2f.core.event.EventRouting;
import io.asyn2f.storage.system.GatewayProperties;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;
import io.asyn2f.testing.spring.S3TestConfiguration;

/**
 * Real broker and store from asyn2f-testing, the test registry's JWKS, and a bucket and queue of this context's own
 * (the broker and store may be shared with other builds). The queue is deleted when the context closes.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ RabbitMqTestConfiguration.class, S3TestConfiguration.class })
public class GatewayTestConfiguration {

    @Bean
    DynamicPropertyRegistrar gatewayTestProperties() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return registry -> {
            registry.add("asyn2f.gateway.jwks-uri", () -> TestTokens.get().jwksUri());
            registry.add("asyn2f.s3.bucket", () -> "gateway-it-" + suffix);
            registry.add("asyn2f.gateway.events-queue", () -> "asyn2f.gateway.events.it-" + suffix);
        };
    }

    @Bean
    DisposableBean deleteTestQueue(AmqpAdmin amqpAdmin, GatewayProperties properties) {
        return () -> {
            amqpAdmin.deleteQueue(properties.eventsQueue());
            amqpAdmin.deleteQueue(EventRouting.deadLetterQueue(properties.eventsQueue()));
        };
    }
}
