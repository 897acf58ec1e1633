package io.asyn2f.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.asyn2f.api.session.TrainingConfig;

class EventCodecTests {

    private static final String SHA = "a".repeat(64);

    private final EventCodec codec = new EventCodec();

    static Stream<FlEvent> oneOfEach() {
        return Stream.of(
                new WorkerRegistered("s-1", "w-1", WorkerRole.TRAINER, 12_000, 0.9, "cpu", false),
                new WorkerLost("s-1", "w-1", Instant.parse("2026-11-28T10:15:30Z")),
                new WorkerRevoked("s-1", "w-1", "admin revoked"),
                new LocalUpdateSubmitted("u-1", "s-1", "w-1", "sessions/s-1/workers/w-1/u-1.a2fm", SHA, 407_160,
                        3, 12_000, 0.9, 0.42, 0.87, 5, UpdateKind.MODEL),
                new GlobalModelPublished("s-1", 4, "sessions/s-1/global/4.a2fm", SHA, 407_160,
                        List.of("w-1", "w-2"), 0.85, 0.5, 24_000, 0.05),
                new EvaluationReported("s-1", "t-1", 4, 0.81, 0.55, 10_000),
                new SessionOpened("s-1", "asyn2f", "mlp:784-128-10", 64 * 1024 * 1024,
                        new TrainingConfig("mlp:784-128-10", "asyn2f", UpdateKind.MODEL, "asyn2f", 0.6,
                                "BETA_ON_LOSS", 64, 5, 0, 0, 0.1, 42)),
                new SessionStopped("s-1", SessionStopped.StopReason.TARGET_ACCURACY, "0.85 reached", 17));
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void shouldRoundTripEveryEventType(FlEvent event) {
        EventEnvelope envelope = new EventEnvelope("e-1", Instant.parse("2026-11-28T12:00:00Z"), 1, event);

        EventEnvelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
    }

    @Test
    void shouldCoverEveryPermittedEventType() {
        List<Class<?>> covered = oneOfEach().<Class<?>>map(Object::getClass).toList();
        assertThat(covered).containsExactlyInAnyOrder(FlEvent.class.getPermittedSubclasses());
        assertThat(EventCodec.knownTypes()).hasSize(FlEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void shouldWriteShortTypeIdAndSchemaVersionNeverAClassName() {
        String json = new String(codec.encode(oneOfEach().toList().get(3)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"update.submitted\"").contains("\"schemaVersion\":1")
                .doesNotContain("io.asyn2f").doesNotContain("LocalUpdateSubmitted");
    }

    @Test
    void shouldIgnoreUnknownFieldsAtBothLevels() {
        String json = """
                {"type":"worker.revoked","schemaVersion":1,"eventId":"e-9","occurredAt":"2026-11-28T12:00:00Z",
                 "addedLater":{"x":1},
                 "payload":{"sessionId":"s-1","workerId":"w-7","reason":"leaked key","severity":"high"}}
                """;

        EventEnvelope envelope = codec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(envelope.event()).isEqualTo(new WorkerRevoked("s-1", "w-7", "leaked key"));
        assertThat(envelope.eventId()).isEqualTo("e-9");
    }

    @Test
    void shouldRejectUnknownType() {
        assertRejected("""
                {"type":"worker.teleported","schemaVersion":1,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z","payload":{}}
                """, "unknown event type 'worker.teleported'");
    }

    @Test
    void shouldRejectNewerSchemaVersion() {
        assertRejected("""
                {"type":"worker.revoked","schemaVersion":2,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z",
                 "payload":{"sessionId":"s-1","workerId":"w-7","reason":"r"}}
                """, "schemaVersion 2 is not supported");
    }

    @Test
    void shouldRejectMissingField() {
        assertRejected("""
                {"type":"evaluation.reported","schemaVersion":1,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z",
                 "payload":{"sessionId":"s-1","workerId":"t-1","version":3,"accuracy":0.5,"loss":0.1}}
                """, "invalid evaluation.reported payload");
    }

    @Test
    void shouldRejectValueTheEventRefusesWithItsOwnMessage() {
        assertRejected("""
                {"type":"evaluation.reported","schemaVersion":1,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z",
                 "payload":{"sessionId":"s-1","workerId":"t-1","version":3,"accuracy":1.5,"loss":0.1,"samples":10}}
                """, "accuracy must be in [0, 1], was 1.5");
    }

    @Test
    void shouldRejectIdsThatWouldBreakRoutingKeys() {
        assertRejected("""
                {"type":"worker.revoked","schemaVersion":1,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z",
                 "payload":{"sessionId":"s.1.#","workerId":"w-7","reason":"r"}}
                """, "sessionId must be 1-64 characters");
    }

    @Test
    void shouldRejectMalformedJsonAndNonObjects() {
        assertRejected("{\"type\":", "not valid JSON");
        assertRejected("[1,2]", "must be a JSON object");
        assertRejected("""
                {"type":"worker.revoked","schemaVersion":1,"eventId":"e","occurredAt":"yesterday","payload":{}}
                """, "occurredAt is not valid");
        assertRejected("""
                {"type":"worker.revoked","schemaVersion":1,"eventId":"e","occurredAt":"2026-11-28T12:00:00Z"}
                """, "payload is required");
    }

    @Test
    void shouldRouteByTypeAndSession() {
        FlEvent event = new GlobalModelPublished("s-9", 1, "k", SHA, 80, List.of(), 0.5, 0.5, 10, 0.1);

        assertThat(EventRouting.routingKey(event)).isEqualTo("global.published.s-9");
        assertThat(EventRouting.oneSession(GlobalModelPublished.TYPE, "s-9")).isEqualTo("global.published.s-9");
        assertThat(EventRouting.allSessions(LocalUpdateSubmitted.TYPE)).isEqualTo("update.submitted.*");
        assertThat(EventRouting.deadLetterQueue(EventRouting.AGGREGATOR_UPDATES_QUEUE))
                .isEqualTo("asyn2f.aggregator.updates.dlq");
    }

    private void assertRejected(String json, String message) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining(message);
    }
}
