package io.asyn2f.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

class DelayedRetriesTests {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final DelayedRetries retries = new DelayedRetries("aggregator-service", Duration.ofSeconds(1),
            Duration.ofSeconds(60), 8, clock);

    @Test
    void shouldDoubleTheDelayUntilTheCap() {
        assertThat(retries.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32),
                Duration.ofSeconds(60));
        assertThat(retries.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(retries.delayAfter(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(retries.delayAfter(12)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldWaitOutATwentySecondOutageBeforeTheLastAttempt() {
        Duration waited = Duration.ZERO;
        for (int failed = 1; failed < retries.maxAttempts(); failed++) {
            waited = waited.plus(retries.delayAfter(failed));
        }
        assertThat(waited).isGreaterThan(Duration.ofSeconds(20)).isEqualTo(Duration.ofSeconds(123));
    }

    @Test
    void shouldNameOneDurableQueuePerDelayForItsService() {
        assertThat(retries.delayQueues()).first().isEqualTo("asyn2f.retry.aggregator-service.1000ms");
        assertThat(retries.delayQueues()).last().isEqualTo("asyn2f.retry.aggregator-service.60000ms");
        assertThat(retries.declarables().getDeclarables()).hasSize(7);
    }

    @Test
    void shouldMarkACopyWithItsQueueItsDueTimeAndTheFailedAttempts() {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId("e-1");
        properties.setHeader("x-asyn2f-token", "t");
        Message delayed = retries.delayed(new Message(new byte[] {1, 2}, properties), "asyn2f.aggregator.updates", 3);

        assertThat(delayed.getBody()).containsExactly(1, 2);
        assertThat(delayed.getMessageProperties().getMessageId()).isEqualTo("e-1");
        assertThat(delayed.getMessageProperties().getHeaders())
                .containsEntry("x-asyn2f-token", "t")
                .containsEntry(EventDelivery.HEADER_ATTEMPTS, 3)
                .containsEntry(DelayedRetries.HEADER_RETRY_QUEUE, "asyn2f.aggregator.updates")
                .containsEntry(DelayedRetries.HEADER_RETRY_AT, clock.millis() + 4000);
    }

    @Test
    void shouldRefuseNonsense() {
        assertThatThrownBy(() -> new DelayedRetries("a b", Duration.ofSeconds(1), Duration.ofSeconds(2), 3, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DelayedRetries("a", Duration.ofSeconds(5), Duration.ofSeconds(2), 3, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DelayedRetries("a", Duration.ofSeconds(1), Duration.ofSeconds(2), 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
