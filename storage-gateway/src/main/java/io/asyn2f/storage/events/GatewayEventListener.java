package io.asyn2f.storage.events;

import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.EventTopology.InstanceQueue;
import io.asyn2f.messaging.RejectedEventException;
import io.asyn2f.storage.download.AnnouncedGlobalVersions;
import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.storage.security.RevokedWorkers;

/**
 * Applies {@code worker.revoked} (refuse that worker's tokens) and {@code global.published} (what {@code latest}
 * means). Both effects are in memory and idempotent, so a redelivered event is harmless.
 */
@Component
class GatewayEventListener {

    private static final Logger log = LoggerFactory.getLogger(GatewayEventListener.class);

    private final EventDelivery delivery;
    private final RevokedWorkers revokedWorkers;
    private final AnnouncedGlobalVersions announcedVersions;
    private final GatewayMetrics metrics;
    private final String queue;

    GatewayEventListener(EventDelivery delivery, RevokedWorkers revokedWorkers,
            AnnouncedGlobalVersions announcedVersions, GatewayMetrics metrics, InstanceQueue gatewayEventQueue) {
        this.delivery = delivery;
        this.revokedWorkers = revokedWorkers;
        this.announcedVersions = announcedVersions;
        this.metrics = metrics;
        this.queue = gatewayEventQueue.name();
    }

    @RabbitListener(queues = "#{gatewayEventQueue.name()}", ackMode = "MANUAL")
    void onEvent(Message message, Channel channel) {
        delivery.handle(message, channel, queue, this::apply);
    }

    void apply(EventEnvelope envelope) {
        FlEvent event = envelope.event();
        if (event instanceof WorkerRevoked revoked) {
            revokedWorkers.revoke(revoked.sessionId(), revoked.workerId());
            log.info("worker {} of session {} revoked: its tokens are refused", revoked.workerId(),
                    revoked.sessionId());
        } else if (event instanceof GlobalModelPublished published) {
            String expected = ObjectKeys.globalModel(published.sessionId(), published.version());
            if (!expected.equals(published.objectKey())) {
                // The gateway signs URLs for the documented layout only; announcing another key is a producer bug.
                throw new RejectedEventException("global.published for session " + published.sessionId()
                        + " version " + published.version() + " names key " + published.objectKey()
                        + ", expected " + expected);
            }
            OptionalLong before = announcedVersions.latest(published.sessionId());
            announcedVersions.announced(published.sessionId(), published.version());
            log.debug("session {} global version {} announced (latest known before: {})", published.sessionId(),
                    published.version(), before);
        } else {
            // Bound only to the two types above; anything else is a routing mistake, not worth a dead letter.
            log.debug("ignoring {} event {}", event.type(), envelope.eventId());
            return;
        }
        metrics.eventApplied(event.type());
    }
}
