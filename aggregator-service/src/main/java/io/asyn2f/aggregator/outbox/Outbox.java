package io.asyn2f.aggregator.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.FlEvent;

/**
 * Transactional outbox: an event is stored in the same transaction as the state it announces and published by
 * {@link OutboxRelay} after the commit, so a crash between commit and publish delays the event but never loses it.
 */
@Component
public class Outbox {

    private final OutboxRepository repository;
    private final EventCodec codec;
    private final OutboxRelay relay;

    Outbox(OutboxRepository repository, EventCodec codec, OutboxRelay relay) {
        this.repository = repository;
        this.codec = codec;
        this.relay = relay;
    }

    /** Stores {@code event} in the caller's transaction; it is published once that transaction commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope append(FlEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        repository.save(new OutboxMessage(envelope.eventId(), event.sessionId(), event.type(),
                new String(codec.encode(envelope), StandardCharsets.UTF_8), Instant.now()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.publishSoon();
            }
        });
        return envelope;
    }

    /** Whether an event of {@code type} for the session was stored and has reached the broker. */
    public boolean sent(String sessionId, String type) {
        return repository.existsBySessionIdAndTypeAndSentAtIsNotNull(sessionId, type);
    }
}
