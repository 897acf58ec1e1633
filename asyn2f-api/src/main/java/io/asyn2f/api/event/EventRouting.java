package io.asyn2f.api.event;

/**
 * Names on the broker, in one place so that every service declares and binds the same ones.
 *
 * <p>All events go to one durable topic exchange. The routing key is {@code <type>.<sessionId>}, e.g.
 * {@code update.submitted.s-42}, so a consumer binds either to one type across sessions
 * ({@code update.submitted.*}) or to one session ({@code global.published.s-42}).
 */
public final class EventRouting {

    /** Durable topic exchange that carries every event. */
    public static final String EXCHANGE = "asyn2f.events";

    /** Exchange that receives rejected messages, with their reason in {@link #HEADER_REJECT_REASON}. */
    public static final String DEAD_LETTER_EXCHANGE = "asyn2f.events.dlx";

    /** Header that names why a message was dead-lettered. */
    public static final String HEADER_REJECT_REASON = "x-asyn2f-reject-reason";

    /**
     * Header carrying the sender's access token on events a worker publishes ({@code update.submitted},
     * {@code evaluation.reported}), so the consumer can check who sent them.
     */
    public static final String HEADER_ACCESS_TOKEN = "x-asyn2f-token";

    /** Aggregator: local updates from all sessions. */
    public static final String AGGREGATOR_UPDATES_QUEUE = "asyn2f.aggregator.updates";

    /** Aggregator: evaluation results from testers. */
    public static final String AGGREGATOR_EVALUATIONS_QUEUE = "asyn2f.aggregator.evaluations";

    /** Aggregator: worker lifecycle (registered, lost, revoked). */
    public static final String AGGREGATOR_WORKERS_QUEUE = "asyn2f.aggregator.workers";

    /** Registry: session lifecycle (opened, stopped). */
    public static final String REGISTRY_SESSIONS_QUEUE = "asyn2f.registry.sessions";

    /** Suffix of the dead-letter queue that belongs to a queue. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private EventRouting() {
    }

    /** The routing key an event is published with. */
    public static String routingKey(FlEvent event) {
        return event.type() + "." + event.sessionId();
    }

    /** Binding pattern for one event type in every session. */
    public static String allSessions(String type) {
        return type + ".*";
    }

    /** Binding pattern for one event type in one session. */
    public static String oneSession(String type, String sessionId) {
        return type + "." + Ids.requireSafeId(sessionId, "sessionId");
    }

    /** The private queue of a worker (global models and the stop of its session). */
    public static String workerQueue(String workerId) {
        return "asyn2f.worker." + Ids.requireSafeId(workerId, "workerId");
    }

    /** How a worker's own broker user is named, when the registry gives each worker one. */
    public static final String WORKER_BROKER_USER_PREFIX = "asyn2f-worker-";

    /**
     * The broker user of one worker ({@code asyn2f-worker-<workerId>}), when workers have broker users of their own:
     * the AMQP {@code user_id} its events carry, which the broker checks against the connection's user.
     */
    public static String workerBrokerUser(String workerId) {
        return WORKER_BROKER_USER_PREFIX + Ids.requireSafeId(workerId, "workerId");
    }

    /** The dead-letter queue of {@code queue}. */
    public static String deadLetterQueue(String queue) {
        return queue + DEAD_LETTER_SUFFIX;
    }
}
