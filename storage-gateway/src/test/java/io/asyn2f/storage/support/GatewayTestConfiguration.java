package io.asyn2f.storage.support;

import java.util.UUID;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

import io.asyn2f.messaging.EventTopology.InstanceQueue;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;
import io.asyn2f.testing.spring.S3TestConfiguration;

/**
 * Real broker and store from asyn2f-testing, the test registry's JWKS, and a bucket and queue prefix of this
 * context's own (the broker and store may be shared with other builds). The instance queue goes with its consumer;
 * the dead-letter queue is deleted when the context closes.
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
            registry.add("asyn2f.gateway.events-queue-prefix", () -> "asyn2f.gateway.events.it-" + suffix);
        };
    }

    @Bean
    DisposableBean deleteTestQueues(AmqpAdmin amqpAdmin, InstanceQueue gatewayEventQueue) {
        return () -> {
            amqpAdmin.deleteQueue(gatewayEventQueue.name());
            amqpAdmin.deleteQueue(gatewayEventQueue.deadLetterQueue());
        };
    }
}
