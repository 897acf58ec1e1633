package io.asyn2f.messaging;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

/**
 * Moves messages whose wait is over from this service's delay queues back to the queues they came from. Every
 * {@code interval} it looks at the head of each delay queue: a message that is due is published back (default
 * exchange, routing key = its queue; confirmed) and then acked, so a crash in between leaves a duplicate, never a
 * loss (consumers are idempotent); one that is not due yet is released back to the head, and the queue is left
 * until the next look. Nothing waits in a consumer thread, and nothing is held across looks.
 */
public class RetryMover implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetryMover.class);
    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    /** Bound on the messages moved from one queue in one look, so one backlog cannot starve the others. */
    private static final int MAX_MOVES_PER_LOOK = 500;

    private final RabbitTemplate rabbitTemplate;
    private final DelayedRetries retries;
    private final long intervalMillis;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    public RetryMover(RabbitTemplate rabbitTemplate, DelayedRetries retries, long intervalMillis) {
        this.rabbitTemplate = rabbitTemplate;
        this.retries = retries;
        this.intervalMillis = intervalMillis;
    }

    /** Moves what is due now; returns how many messages went back. Also called by the timer. */
    public int moveDue() {
        // One channel for all delay queues: this runs four times a second in every service.
        Integer moved = rabbitTemplate.execute(channel -> {
            int count = 0;
            for (String delayQueue : retries.delayQueues()) {
                count += moveDue(channel, delayQueue);
            }
            return count;
        });
        return moved == null ? 0 : moved;
    }

    private int moveDue(Channel channel, String delayQueue) throws IOException {
        int moved = 0;
        while (moved < MAX_MOVES_PER_LOOK) {
            GetResponse head = channel.basicGet(delayQueue, false);
            if (head == null) {
                break;
            }
            long tag = head.getEnvelope().getDeliveryTag();
            Map<String, Object> headers = AmqpHeaders.of(head.getProps());
            Object origin = headers.get(DelayedRetries.HEADER_RETRY_QUEUE);
            if (origin == null) {
                log.warn("a message without {} in {}: dropping it", DelayedRetries.HEADER_RETRY_QUEUE, delayQueue);
                channel.basicAck(tag, false);
                continue;
            }
            if (AmqpHeaders.longValue(headers.get(DelayedRetries.HEADER_RETRY_AT), 0) > retries.clock().millis()) {
                channel.basicNack(tag, false, true); // back to the head: every later message is due later still
                break;
            }
            AMQP.BasicProperties properties = head.getProps().builder()
                    .headers(new HashMap<>(headers))
                    // Published by this service now: the broker accepts only this connection's user.
                    .userId(rabbitTemplate.getConnectionFactory().getUsername())
                    .build();
            channel.basicPublish("", origin.toString(), properties, head.getBody());
            AmqpHeaders.awaitConfirms(channel, CONFIRM_TIMEOUT_MS, "a retried message to " + origin);
            channel.basicAck(tag, false);
            moved++;
        }
        return moved;
    }

    private void tick() {
        try {
            int moved = moveDue();
            if (failing) {
                log.info("moving delayed retries works again");
                failing = false;
            }
            if (moved > 0) {
                log.debug("{} delayed message(s) back on their queues", moved);
            }
        } catch (RuntimeException e) {
            // The broker is away: the messages wait in their durable queues until it is back.
            if (!failing) {
                log.warn("cannot move delayed retries yet: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "asyn2f-retry-mover");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            executor.awaitTermination(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
