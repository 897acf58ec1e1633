package io.asyn2f.testing;

import io.asyn2f.embedded.EmbeddedAmqpBroker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** An AMQP 0-9-1 broker (RabbitMQ, or Qpid Broker-J when embedded) and the credentials to reach it. */
public record RabbitMqEndpoint(String host, int port, String username, String password, String virtualHost,
                               Source source) {

    /** An {@code amqp://} URI, as accepted by the RabbitMQ Java client's {@code ConnectionFactory.setUri}. */
    public String amqpUri() {
        return "amqp://" + encode(username) + ":" + encode(password) + "@" + host + ":" + port + "/"
                + encode(virtualHost);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RabbitMqEndpoint[" + host + ":" + port + ", vhost=" + virtualHost + ", user=" + username
                + ", source=" + source + "]";
    }

    public static RabbitMqEndpoint of(EmbeddedAmqpBroker broker) {
        return new RabbitMqEndpoint(broker.host(), broker.port(), EmbeddedAmqpBroker.USERNAME,
                EmbeddedAmqpBroker.PASSWORD, EmbeddedAmqpBroker.VIRTUAL_HOST, Source.EMBEDDED);
    }
}
