package io.asyn2f.messaging;

import java.util.List;
import java.util.Set;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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

    /** Declares everything this service declares (its {@code Declarables} beans) again before a retried publish. */
    @Bean
    EventPublisher eventPublisher(RabbitTemplate rabbitTemplate, EventCodec eventCodec,
            ObjectProvider<RabbitAdmin> rabbitAdmin) {
        return new EventPublisher(rabbitTemplate, eventCodec, () -> rabbitAdmin.ifAvailable(RabbitAdmin::initialize));
    }

    @Bean
    DeadLetters deadLetters(RabbitTemplate rabbitTemplate) {
        return new DeadLetters(rabbitTemplate);
    }

    /**
     * Control events are accepted only from {@code asyn2f.messaging.trusted-publishers}: by default this service's
     * own broker user, which all asyn2f services share unless configured otherwise. Workers must get a broker
     * account of their own (the registry's {@code asyn2f.registry.worker-broker.*}) for this to keep them out.
     */
    @Bean
    EventDelivery eventDelivery(EventCodec eventCodec, DeadLetters deadLetters,
            @Value("${asyn2f.messaging.trusted-publishers:${spring.rabbitmq.username:guest}}") List<String> trusted) {
        return new EventDelivery(eventCodec, deadLetters, EventDelivery.DEFAULT_MAX_ATTEMPTS, Set.copyOf(trusted));
    }
}
