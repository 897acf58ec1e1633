package io.asyn2f.registry.session;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.registry.config.RegistryProperties;

/** Consumes session.opened / session.stopped; acked only after the session row is committed. */
@Component
class SessionEventListener {

    private final EventDelivery delivery;
    private final SessionService sessions;
    private final String queue;

    SessionEventListener(EventDelivery delivery, SessionService sessions, RegistryProperties properties) {
        this.delivery = delivery;
        this.sessions = sessions;
        this.queue = properties.sessionsQueue();
    }

    @RabbitListener(queues = "${asyn2f.registry.sessions-queue:asyn2f.registry.sessions}", ackMode = "MANUAL")
    void onMessage(Message message, Channel channel) {
        delivery.handle(message, channel, queue, sessions::apply);
    }
}
