package io.asyn2f.registry.broker;

import java.util.List;

import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.Ids;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.WorkerRole;

/**
 * What one worker's own broker user may do on the worker virtual host, as RabbitMQ permission regular expressions:
 * <ul>
 *   <li>configure (declare, delete): its queue {@code asyn2f.worker.<id>} and that queue's {@code .dlq}, nothing
 *       shared;</li>
 *   <li>write (publish to an exchange, bind to a queue): its two queues and the two exchanges;</li>
 *   <li>read (consume a queue, bind from an exchange): its queue and the two exchanges;</li>
 *   <li>topic permissions, which RabbitMQ checks against the routing key on publish ({@code write}) and on
 *       queue.bind/unbind ({@code read}) for a topic exchange: on {@value EventRouting#EXCHANGE} it publishes only
 *       its role's event of its session ({@code update.submitted.<session>} for trainers,
 *       {@code evaluation.reported.<session>} for testers) and binds only {@code global.published.<session>} and
 *       {@code session.stopped.<session>}; on {@value EventRouting#DEAD_LETTER_EXCHANGE} it publishes and binds only
 *       its queue's name (its dead letters, see {@code DeadLetters}).</li>
 * </ul>
 * The default exchange is not writable: a worker cannot put a message straight into another queue. Ids are safe ids
 * ({@code [A-Za-z0-9_-]}), so they need no escaping in a regular expression.
 */
public record WorkerPermissions(String username, String configure, String write, String read,
                                List<TopicPermission> topics) {

    /** A topic permission on one exchange. */
    public record TopicPermission(String exchange, String write, String read) {
    }

    public WorkerPermissions {
        topics = List.copyOf(topics);
    }

    public static WorkerPermissions of(String workerId, String sessionId, WorkerRole role) {
        Ids.requireSafeId(sessionId, "sessionId");
        String queue = quote(EventRouting.workerQueue(workerId));
        String events = quote(EventRouting.EXCHANGE);
        String deadLetters = quote(EventRouting.DEAD_LETTER_EXCHANGE);
        String session = quote("." + sessionId);
        String published = role == WorkerRole.TESTER ? EvaluationReported.TYPE : LocalUpdateSubmitted.TYPE;
        return new WorkerPermissions(EventRouting.workerBrokerUser(workerId),
                "^" + queue + "(\\.dlq)?$",
                "^(" + queue + "(\\.dlq)?|" + events + "|" + deadLetters + ")$",
                "^(" + queue + "|" + events + "|" + deadLetters + ")$",
                List.of(new TopicPermission(EventRouting.EXCHANGE,
                                "^" + quote(published) + session + "$",
                                "^(" + quote(GlobalModelPublished.TYPE) + "|" + quote(SessionStopped.TYPE) + ")"
                                        + session + "$"),
                        new TopicPermission(EventRouting.DEAD_LETTER_EXCHANGE, "^" + queue + "$", "^" + queue + "$")));
    }

    /** Escapes the dots of a broker name (the only regex metacharacter our names and safe ids contain). */
    private static String quote(String name) {
        return name.replace(".", "\\.");
    }
}
