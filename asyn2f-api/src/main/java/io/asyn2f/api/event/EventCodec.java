package io.asyn2f.api.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes events as JSON.
 *
 * <pre>{"type":"update.submitted","schemaVersion":1,"eventId":"…","occurredAt":"2026-11-28T12:00:00Z","payload":{…}}</pre>
 *
 * <p>The type is a short id (never a Java class name). Unknown fields are ignored, so a newer producer may add
 * fields without breaking an older consumer; a schema version newer than {@link #SCHEMA_VERSION}, an unknown type,
 * a missing field or a value the event refuses (e.g. quality outside [0, 1]) is an {@link EventFormatException}.
 * Instances are thread-safe.
 */
public final class EventCodec {

    /** The schema version this code writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, Class<? extends FlEvent>> TYPES = Stream.of(
                    Map.entry(WorkerRegistered.TYPE, WorkerRegistered.class),
                    Map.entry(WorkerLost.TYPE, WorkerLost.class),
                    Map.entry(WorkerRevoked.TYPE, WorkerRevoked.class),
                    Map.entry(LocalUpdateSubmitted.TYPE, LocalUpdateSubmitted.class),
                    Map.entry(GlobalModelPublished.TYPE, GlobalModelPublished.class),
                    Map.entry(EvaluationReported.TYPE, EvaluationReported.class),
                    Map.entry(SessionOpened.TYPE, SessionOpened.class),
                    Map.entry(SessionStopped.TYPE, SessionStopped.class))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static final Map<Class<? extends FlEvent>, String> TYPE_IDS = TYPES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** All type ids this codec knows, mapped to their event classes. */
    public static Map<String, Class<? extends FlEvent>> knownTypes() {
        return TYPES;
    }

    /** The type id of an event class. */
    public static String typeOf(Class<? extends FlEvent> eventClass) {
        return Objects.requireNonNull(TYPE_IDS.get(eventClass), () -> "not an event class: " + eventClass);
    }

    /** Writes an envelope as UTF-8 JSON. */
    public byte[] encode(EventEnvelope envelope) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", envelope.event().type());
        root.put("schemaVersion", envelope.schemaVersion());
        root.put("eventId", envelope.eventId());
        root.put("occurredAt", envelope.occurredAt().toString());
        root.set("payload", mapper.valueToTree(envelope.event()));
        return mapper.writeValueAsBytes(root);
    }

    /** Wraps and writes an event. */
    public byte[] encode(FlEvent event) {
        return encode(EventEnvelope.wrap(event));
    }

    /**
     * Aggregators before the typed {@code TrainingConfig} wrote {@code beta} and {@code alphaForm} into
     * {@code session.opened} only for asyn2f sessions; a baseline's event (queued, or an unsent outbox row at an
     * upgrade) still reads: the absent fields are given as null, which {@code TrainingConfig} itself defaults.
     */
    private static void fillTheMergeOfOlderWriters(ObjectNode payload) {
        if (payload.get("trainingConfig") instanceof ObjectNode training) {
            for (String field : List.of("beta", "alphaForm")) {
                if (!training.has(field)) {
                    training.putNull(field);
                }
            }
        }
    }

    /** Reads an envelope, or throws {@link EventFormatException} saying what is wrong. */
    public EventEnvelope decode(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventFormatException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("an event must be a JSON object");
        }
        String type = requiredText(root, "type");
        Class<? extends FlEvent> eventClass = TYPES.get(type);
        if (eventClass == null) {
            throw new EventFormatException("unknown event type '" + type + "'");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new EventFormatException("schemaVersion is required and must be an integer");
        }
        int schemaVersion = version.asInt();
        if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
            throw new EventFormatException(
                    "schemaVersion " + schemaVersion + " is not supported (this reader knows 1.." + SCHEMA_VERSION + ")");
        }
        String eventId = requiredText(root, "eventId");
        java.time.Instant occurredAt = parse("occurredAt", requiredText(root, "occurredAt"), java.time.Instant::parse);
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new EventFormatException("payload is required and must be a JSON object");
        }
        if (eventClass == SessionOpened.class) {
            fillTheMergeOfOlderWriters((ObjectNode) payload);
        }
        FlEvent event;
        try {
            event = mapper.treeToValue(payload, eventClass);
        } catch (JacksonException e) {
            throw new EventFormatException("invalid " + type + " payload: " + rootMessage(e), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EventFormatException("invalid " + type + " payload: " + e.getMessage(), e);
        }
        return new EventEnvelope(eventId, occurredAt, schemaVersion, event);
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new EventFormatException(field + " is required and must be a non-blank string");
        }
        return node.asString();
    }

    private static <T> T parse(String field, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new EventFormatException(field + " is not valid: '" + text + "'", e);
        }
    }

    /** The record's own validation message when a constructor refused a value, else Jackson's. */
    private static String rootMessage(JacksonException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }
}
