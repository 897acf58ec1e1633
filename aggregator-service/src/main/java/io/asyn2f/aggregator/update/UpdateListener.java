package io.asyn2f.aggregator.update;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.messaging.EventDelivery;

/** update.submitted from every session; acked only after the update is recorded (or dead-lettered). */
@Component
class UpdateListener {

    private final EventDelivery delivery;
    private final UpdateIntake intake;
    private final String queue;

    UpdateListener(EventDelivery delivery, UpdateIntake intake, AggregatorProperties properties) {
        this.delivery = delivery;
        this.intake = intake;
        this.queue = properties.queues().updates();
    }

    @RabbitListener(queues = "${asyn2f.aggregator.queues.updates:" + EventRouting.AGGREGATOR_UPDATES_QUEUE + "}",
            ackMode = "MANUAL", concurrency = "${asyn2f.aggregator.queues.update-consumers:"
                    + AggregatorProperties.DEFAULT_UPDATE_CONSUMERS + "}")
    void onMessage(Message message, Channel channel) {
        Object token = message.getMessageProperties().getHeaders().get(EventRouting.HEADER_ACCESS_TOKEN);
        Object attempts = message.getMessageProperties().getHeaders().get(EventDelivery.HEADER_ATTEMPTS);
        int failedAttempts = attempts instanceof Number number ? number.intValue() : 0;
        // Decoded once, by EventDelivery; an unreadable message is recorded and counted like any refusal before
        // EventDelivery dead-letters it.
        delivery.handle(message, channel, queue, envelope -> intake.accept(envelope,
                token == null ? null : token.toString(), failedAttempts),
                unreadable -> intake.unreadable(message.getMessageProperties().getMessageId(),
                        unreadable.getMessage()));
    }
}
