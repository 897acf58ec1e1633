package io.asyn2f.standalone.loadtest;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.messaging.EventMessages;

/**
 * Announces the simulated workers' updates the way a worker does ({@code WorkerBroker.publish}): the event with the
 * sender's own access token in {@value EventRouting#HEADER_ACCESS_TOKEN}, the connection's user as {@code user_id},
 * and a wait for the broker's confirm, which is what "acknowledged at submission" means. Unlike a worker, all of
 * them share one connection (with a channel per concurrent publisher): ten thousand connections would measure the
 * broker's connection handling, not the platform, and every worker has the same shared broker account anyway.
 */
final class UpdatePublisher implements AutoCloseable {

    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final CachingConnectionFactory connections;
    private final RabbitTemplate template;
    private final EventCodec codec = new EventCodec();

    UpdatePublisher(RegistrationResponse.Broker broker, int channels) {
        connections = new CachingConnectionFactory(broker.host(), broker.port());
        connections.setUsername(broker.username());
        connections.setPassword(broker.password());
        connections.setVirtualHost(broker.virtualHost() == null ? "/" : broker.virtualHost());
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        connections.setChannelCacheSize(channels);
        template = new RabbitTemplate(connections);
    }

    /** Publishes {@code update} under {@code accessToken}; returns once the broker confirmed it, else throws. */
    void publish(LocalUpdateSubmitted update, String accessToken) {
        EventMessages.publishWorkerEvent(template, codec, update, accessToken, connections.getUsername(),
                CONFIRM_TIMEOUT_MS);
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
