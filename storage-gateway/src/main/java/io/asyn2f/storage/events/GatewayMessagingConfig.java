package io.asyn2f.storage.events;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.messaging.EventTopology.InstanceQueue;
import io.asyn2f.messaging.EventTopology;
import io.asyn2f.messaging.MessagingConfiguration;
import io.asyn2f.storage.config.GatewayProperties;

/**
 * The gateway consumes revocations and global model announcements of every session. Each instance has a queue of its
 * own ({@code <prefix>.<random>}, gone with the instance), so every replica sees every revocation; dead letters of
 * all replicas go to {@code <prefix>.dlq}.
 */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
class GatewayMessagingConfig {

    /** The name is generated here once; the listener reads it as {@code #{gatewayEventQueue.name()}}. */
    @Bean
    InstanceQueue gatewayEventQueue(GatewayProperties properties) {
        return EventTopology.instanceQueue(properties.eventsQueuePrefix(),
                EventRouting.allSessions(WorkerRevoked.TYPE),
                EventRouting.allSessions(GlobalModelPublished.TYPE));
    }

    @Bean
    Declarables gatewayEventQueueDeclarables(InstanceQueue gatewayEventQueue) {
        return gatewayEventQueue.declarables();
    }
}
