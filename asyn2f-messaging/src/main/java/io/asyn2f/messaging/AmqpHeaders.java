package io.asyn2f.messaging;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

/**
 * Reading asyn2f's own headers back from a delivery, and waiting for confirms on a raw channel: header values arrive
 * as numbers or as {@code LongString}s (text), depending on the broker and on who wrote them.
 */
final class AmqpHeaders {

    private AmqpHeaders() {
    }

    /** The headers of {@code properties}, empty when there are none. */
    static Map<String, Object> of(AMQP.BasicProperties properties) {
        return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }

    /** A header value as an int; {@code fallback} when absent or not a number. */
    static int intValue(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return value == null ? fallback : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A header value as a long; {@code fallback} when absent or not a number. */
    static long longValue(Object value, long fallback) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? fallback : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Waits for the broker to confirm everything published on {@code channel}; {@code what} names it in errors. */
    static void awaitConfirms(Channel channel, long timeoutMillis, String what) throws IOException {
        try {
            channel.waitForConfirmsOrDie(timeoutMillis);
        } catch (TimeoutException e) {
            throw new IOException("no confirm for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the confirm of " + what, e);
        }
    }
}
