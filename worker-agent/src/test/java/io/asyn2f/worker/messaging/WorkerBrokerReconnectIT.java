package io.asyn2f.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.messaging.EventTopology;

/**
 * A worker keeps its place across a broker loss: the broker goes away and a new, empty one comes up on the same
 * address; the worker reconnects by itself, declares its queue again and receives the next global model.
 */
class WorkerBrokerReconnectIT {

    private static final String SESSION = "s-reconnect";
    private static final String SHA = "b".repeat(64);

    @Test
    void shouldReceiveGlobalModelsAgainAfterTheBrokerCameBack() throws Exception {
        int port = freePort();
        Set<Long> versions = ConcurrentHashMap.newKeySet();
        EmbeddedAmqpBroker first = EmbeddedAmqpBroker.start(port);
        EmbeddedAmqpBroker second = null;
        try (WorkerBroker worker = new WorkerBroker(new RegistrationResponse.Broker("127.0.0.1", port,
                EmbeddedAmqpBroker.VIRTUAL_HOST, EmbeddedAmqpBroker.USERNAME, EmbeddedAmqpBroker.PASSWORD,
                List.of(EmbeddedAmqpBroker.USERNAME)),
                SESSION, "w-reconnect")) {
            worker.start(new WorkerEventHandler() {
                @Override
                public void globalModelPublished(GlobalModelPublished event) {
                    versions.add(event.version());
                }

                @Override
                public void sessionStopped(SessionStopped event) {
                }
            });
            publish(port, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> versions.contains(1L));

            first.close();
            second = EmbeddedAmqpBroker.start(port);

            // The worker needs a moment to notice and reconnect; version 2 is announced until it arrives. A publish
            // can still fail while the new broker is starting, so a failed attempt is one more try, not the end.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                publish(port, 2);
                assertThat(versions).contains(2L);
            });
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    /** Publishes as a service does: declaring the exchanges it publishes to first (the new broker starts empty). */
    private static void publish(int port, long version) {
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", port);
        factory.setUsername(EmbeddedAmqpBroker.USERNAME);
        factory.setPassword(EmbeddedAmqpBroker.PASSWORD);
        factory.setVirtualHost(EmbeddedAmqpBroker.VIRTUAL_HOST);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        try {
            RabbitAdmin admin = new RabbitAdmin(factory);
            EventTopology.exchanges().getDeclarables().forEach(exchange -> admin.declareExchange((Exchange) exchange));
            new EventPublisher(new RabbitTemplate(factory), new EventCodec()).publish(new GlobalModelPublished(
                    SESSION, version, "sessions/" + SESSION + "/global/" + version + ".a2fm", SHA, 80, List.of("w-1"),
                    0.9, 0.5, 100, 0.05));
        } finally {
            factory.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
