package io.asyn2f.api.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event with the metadata every message carries: a unique id (consumers use it to drop duplicates), when it
 * happened, and the schema version it was written with.
 */
public record EventEnvelope(String eventId, Instant occurredAt, int schemaVersion, FlEvent event) {

    public EventEnvelope {
        Ids.requireText(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt is required");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1, was " + schemaVersion);
        }
        Objects.requireNonNull(event, "event is required");
    }

    /** Wraps {@code event} with a random id, the current time and the current schema version. */
    public static EventEnvelope wrap(FlEvent event) {
        return new EventEnvelope(UUID.randomUUID().toString(), Instant.now(), EventCodec.SCHEMA_VERSION, event);
    }
}
