package io.asyn2f.aggregator.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.messaging.EventPublisher;

/**
 * Publishes outbox rows in order and marks them sent: right after each commit, at startup and on a schedule (for
 * rows whose publish failed). A row may be published twice if the process dies between the broker's confirm and the
 * commit of {@code sent_at}; consumers drop the copy by its event id. One relay thread per process.
 */
@Component
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository repository;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher applicationEvents;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    OutboxRelay(OutboxRepository repository, EventPublisher publisher, EventCodec codec,
            PlatformTransactionManager transactionManager, ApplicationEventPublisher applicationEvents) {
        this.repository = repository;
        this.publisher = publisher;
        this.codec = codec;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.applicationEvents = applicationEvents;
    }

    /** Asks the relay thread to publish what is pending; returns at once. Calls while one is queued coalesce. */
    public void publishSoon() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    publishPending();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // shutting down: the next start publishes it
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        publishSoon();
    }

    @Scheduled(fixedDelayString = "${asyn2f.aggregator.outbox-interval:5s}")
    void onSchedule() {
        publishSoon();
    }

    /** Publishes every unsent row; stops at the first failure (kept for the next run, order preserved). */
    void publishPending() {
        try {
            boolean more = true;
            while (more) {
                List<EventEnvelope> sent = new ArrayList<>();
                more = Boolean.TRUE.equals(transactions.execute(status -> {
                    List<OutboxMessage> batch = repository.lockUnsent();
                    for (OutboxMessage message : batch) {
                        EventEnvelope envelope = codec.decode(message.body().getBytes(StandardCharsets.UTF_8));
                        publisher.publish(envelope);
                        message.markSent(Instant.now());
                        sent.add(envelope);
                    }
                    return !batch.isEmpty();
                }));
                sent.forEach(envelope -> applicationEvents.publishEvent(new OutboxEventSent(envelope)));
            }
        } catch (RuntimeException e) {
            log.warn("publishing outbox events failed; retrying on the next run", e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Published in-process after an outbox event reached the broker. */
    public record OutboxEventSent(EventEnvelope envelope) {
    }
}
