package io.asyn2f.aggregator.update;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventFormatException;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.EventMessages;

/** update.submitted from every session; acked only after the update is recorded (or dead-lettered). */
@Component
class UpdateListener {

    private final EventDelivery delivery;
    private final UpdateIntake intake;
    private final EventCodec codec;
    private final String queue;

    UpdateListener(EventDelivery delivery, UpdateIntake intake, EventCodec codec, AggregatorProperties properties) {
        this.delivery = delivery;
        this.intake = intake;
        this.codec = codec;
        this.queue = properties.queues().updates();
    }

    @RabbitListener(queues = "${asyn2f.aggregator.queues.updates:" + EventRouting.AGGREGATOR_UPDATES_QUEUE + "}",
            ackMode = "MANUAL")
    void onMessage(Message message, Channel channel) {
        Object token = message.getMessageProperties().getHeaders().get(EventRouting.HEADER_ACCESS_TOKEN);
        try {
            EventMessages.fromMessage(message, codec);
        } catch (EventFormatException e) {
            // EventDelivery dead-letters it below; recorded and counted here so that it shows like any refusal.
            intake.unreadable(message.getMessageProperties().getMessageId(), e.getMessage());
        }
        Object attempts = message.getMessageProperties().getHeaders().get(EventDelivery.HEADER_ATTEMPTS);
        int failedAttempts = attempts instanceof Number number ? number.intValue() : 0;
        delivery.handle(message, channel, queue, envelope -> intake.accept(envelope,
                token == null ? null : token.toString(), failedAttempts));
    }
}
