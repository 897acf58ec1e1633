package io.asyn2f.registry.deadletter;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.amqp.AmqpException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.messaging.DeadLetterAdmin;
import io.asyn2f.messaging.DeadLetterAdmin.Listing;
import io.asyn2f.registry.web.Problems;

/**
 * The dead letters of the registry's sessions queue: list them with their reasons, and replay them once their cause
 * is fixed (HTTP Basic, admin credentials). A replay is at-least-once: session events already applied are skipped
 * by event id.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterController {

    private final DeadLetterAdmin deadLetters;

    DeadLetterController(DeadLetterAdmin deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<Listing> all(@RequestParam(defaultValue = "" + DeadLetterAdmin.DEFAULT_LIMIT) int limit) {
        requireLimit(limit);
        return broker(() -> deadLetters.queues().stream().map(queue -> deadLetters.list(queue, limit)).toList());
    }

    @GetMapping("/{queue}")
    Listing one(@PathVariable String queue,
            @RequestParam(defaultValue = "" + DeadLetterAdmin.DEFAULT_LIMIT) int limit) {
        requireOwned(queue);
        requireLimit(limit);
        return broker(() -> deadLetters.list(queue, limit));
    }

    /** Without a body (or without {@code eventIds}) every dead letter of the queue goes back. */
    @PostMapping("/{queue}/replay")
    ReplayResult replay(@PathVariable String queue, @RequestBody(required = false) ReplayRequest request) {
        requireOwned(queue);
        List<String> eventIds = request == null ? null : request.eventIds();
        if (eventIds != null && eventIds.isEmpty()) {
            // An empty selection is far more likely a script's mistake than a wish to replay everything.
            throw Problems.badRequest("eventIds must not be empty; leave it out to replay every dead letter");
        }
        return new ReplayResult(broker(() -> eventIds == null ? deadLetters.replayAll(queue)
                : deadLetters.replay(queue, eventIds)));
    }

    record ReplayRequest(List<String> eventIds) {
    }

    record ReplayResult(int replayed) {
    }

    private void requireOwned(String queue) {
        if (!deadLetters.owns(queue)) {
            throw Problems.notFound("no queue " + queue + " of this service; its queues are " + deadLetters.queues());
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > DeadLetterAdmin.MAX_LIMIT) {
            throw Problems.badRequest("limit must be between 1 and " + DeadLetterAdmin.MAX_LIMIT);
        }
    }

    private static <T> T broker(Supplier<T> action) {
        try {
            return action.get();
        } catch (AmqpException e) {
            throw Problems.unavailable("the message broker could not be reached: " + e.getMessage());
        }
    }
}
