package io.asyn2f.aggregator.config;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.messaging.DeadLetterAdmin;
import io.asyn2f.messaging.EventTopology;
import io.asyn2f.messaging.MessagingConfiguration;

/** The aggregator's queues: updates, evaluations and worker lifecycle, each with its dead-letter queue. */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
class AggregatorMessagingConfig {

    @Bean
    Declarables aggregatorUpdatesQueue(AggregatorProperties properties) {
        return EventTopology.consumerQueue(properties.queues().updates(),
                EventRouting.allSessions(LocalUpdateSubmitted.TYPE));
    }

    @Bean
    Declarables aggregatorEvaluationsQueue(AggregatorProperties properties) {
        return EventTopology.consumerQueue(properties.queues().evaluations(),
                EventRouting.allSessions(EvaluationReported.TYPE));
    }

    @Bean
    Declarables aggregatorWorkersQueue(AggregatorProperties properties) {
        return EventTopology.aggregatorWorkersQueue(properties.queues().workers());
    }

    /** The admin API may list and replay the dead letters of these queues, which the aggregator consumes. */
    @Bean
    DeadLetterAdmin.OwnedQueues aggregatorOwnedQueues(AggregatorProperties properties) {
        return DeadLetterAdmin.OwnedQueues.of(properties.queues().updates(), properties.queues().evaluations(),
                properties.queues().workers());
    }

    /** The queue session.opened is for, so a session opened before the registry ever ran still reaches it. */
    @Bean
    Declarables registrySessionsQueue() {
        return EventTopology.registrySessionsQueue(EventRouting.REGISTRY_SESSIONS_QUEUE);
    }
}
