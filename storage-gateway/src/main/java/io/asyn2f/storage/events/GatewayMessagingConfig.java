package io.asyn2f.storage.events;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.asyn2f.core.event.EventRouting;
import io.asyn2f.core.event.GlobalModelPublished;
import io.asyn2f.core.event.WorkerRevoked;
import io.asyn2f.messaging.EventTopology;
import io.asyn2f.messaging.MessagingConfiguration;
import io.asyn2f.storage.system.GatewayProperties;

/** The gateway consumes revocations and global model announcements of every session. */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
class GatewayMessagingConfig {

    @Bean
    Declarables gatewayEventsQueue(GatewayProperties properties) {
        return EventTopology.consumerQueue(properties.eventsQueue(),
                EventRouting.allSessions(WorkerRevoked.TYPE),
                EventRouting.allSessions(GlobalModelPublished.TYPE));
    }
}
