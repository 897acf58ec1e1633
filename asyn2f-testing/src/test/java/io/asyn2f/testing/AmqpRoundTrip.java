package io.asyn2f.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Declares a uniquely named queue, publishes one message to it and reads it back with the RabbitMQ client. */
final class AmqpRoundTrip {

    private AmqpRoundTrip() {
    }

    static void publishAndConsume(RabbitMqEndpoint broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setVirtualHost(broker.virtualHost());
        String queue = "asyn2f-testing-" + UUID.randomUUID();
        String body = "round trip " + UUID.randomUUID();

        try (Connection connection = factory.newConnection("asyn2f-testing");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, true, true, null);
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));

            AtomicReference<GetResponse> received = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                received.set(channel.basicGet(queue, true));
                return received.get() != null;
            });
            assertThat(new String(received.get().getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
            channel.queueDelete(queue);
        }
    }
}
