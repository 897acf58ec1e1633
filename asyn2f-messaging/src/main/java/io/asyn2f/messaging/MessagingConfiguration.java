package io.asyn2f.messaging;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.core.event.EventCodec;

/**
 * Import into a service's {@code *MessagingConfig} to get the exchanges declared and the shared beans. The service
 * declares its own queues with {@link EventTopology#consumerQueue}.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    Declarables asyn2fExchanges() {
        return EventTopology.exchanges();
    }

    @Bean
    EventPublisher eventPublisher(RabbitTemplate rabbitTemplate, EventCodec eventCodec) {
        return new EventPublisher(rabbitTemplate, eventCodec);
    }

    @Bean
    DeadLetters deadLetters(RabbitTemplate rabbitTemplate) {
        return new DeadLetters(rabbitTemplate);
    }

    @Bean
    EventDelivery eventDelivery(EventCodec eventCodec, DeadLetters deadLetters) {
        return new EventDelivery(eventCodec, deadLetters);
    }
}
