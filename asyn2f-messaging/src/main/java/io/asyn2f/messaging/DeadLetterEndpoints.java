package io.asyn2f.messaging;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.amqp.AmqpException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.asyn2f.messaging.DeadLetterAdmin.Listing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The admin API over {@link DeadLetterAdmin}: list a service's dead letters with their reasons, and replay them once
 * their cause is fixed. A service exposes it through a small {@code @RestController} subclass that gives the path
 * ({@code @RequestMapping}) and its {@link Refusals}, the three refusals as its own problem details; its security
 * chain decides who may call it (and, in its OpenAPI document, the tag and security requirement). A replay is
 * at-least-once: consumers drop by event id what they already processed.
 */
public abstract class DeadLetterEndpoints {

    private final DeadLetterAdmin deadLetters;
    private final Refusals refusals;

    protected DeadLetterEndpoints(DeadLetterAdmin deadLetters, Refusals refusals) {
        this.deadLetters = deadLetters;
        this.refusals = refusals;
    }

    /**
     * How the service words the refusals as its own problem details.
     *
     * @param notFound          a 404: the queue is not one of this service's
     * @param invalid           a 400: a field of the request (first argument) is invalid, as the message (second
     *                          argument, which does not repeat the field) says
     * @param brokerUnavailable a 503: the broker could not be reached
     */
    public record Refusals(Function<String, RuntimeException> notFound,
            BiFunction<String, String, RuntimeException> invalid,
            Function<String, RuntimeException> brokerUnavailable) {
    }

    @Operation(operationId = "listDeadLetters", summary = "The dead letters of every queue of this service",
            description = "With the reason each was set aside; removes nothing.")
    @ApiResponse(responseCode = "200", description = "one listing per queue", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "limit out of range")
    @ApiResponse(responseCode = "503", description = "the broker could not be reached")
    @GetMapping
    public List<Listing> all(@Parameter(description = "most dead letters listed per queue")
            @RequestParam(defaultValue = "" + DeadLetterAdmin.DEFAULT_LIMIT) int limit) {
        requireLimit(limit);
        return broker(() -> deadLetters.queues().stream().map(queue -> deadLetters.list(queue, limit)).toList());
    }

    @Operation(operationId = "listQueueDeadLetters", summary = "The dead letters of one queue of this service")
    @ApiResponse(responseCode = "200", description = "the queue's listing", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "limit out of range")
    @ApiResponse(responseCode = "404", description = "not a queue of this service")
    @ApiResponse(responseCode = "503", description = "the broker could not be reached")
    @GetMapping("/{queue}")
    public Listing one(@PathVariable String queue, @Parameter(description = "most dead letters listed")
            @RequestParam(defaultValue = "" + DeadLetterAdmin.DEFAULT_LIMIT) int limit) {
        requireOwned(queue);
        requireLimit(limit);
        return broker(() -> deadLetters.list(queue, limit));
    }

    /** Without a body (or without {@code eventIds}) every dead letter of the queue goes back. */
    @Operation(operationId = "replayDeadLetters", summary = "Send dead letters back to their queue",
            description = "Without a body (or without eventIds) every dead letter of the queue goes back. "
                    + "At-least-once: consumers skip by event id what they already processed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(examples = @ExampleObject(name = "two events",
                            value = "{\"eventIds\": [\"e-4b1f0c2a\", \"e-9d3e7a51\"]}"))))
    @ApiResponse(responseCode = "200", description = "how many dead letters went back", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "eventIds is empty")
    @ApiResponse(responseCode = "404", description = "not a queue of this service")
    @ApiResponse(responseCode = "503", description = "the broker could not be reached")
    @PostMapping("/{queue}/replay")
    public ReplayResult replay(@PathVariable String queue, @RequestBody(required = false) ReplayRequest request) {
        requireOwned(queue);
        List<String> eventIds = request == null ? null : request.eventIds();
        if (eventIds != null && eventIds.isEmpty()) {
            // An empty selection is far more likely a script's mistake than a wish to replay everything.
            throw refusals.invalid().apply("eventIds", "must not be empty; leave it out to replay every dead letter");
        }
        return new ReplayResult(broker(() -> eventIds == null ? deadLetters.replayAll(queue)
                : deadLetters.replay(queue, eventIds)));
    }

    public record ReplayRequest(List<String> eventIds) {
    }

    public record ReplayResult(int replayed) {
    }

    private void requireOwned(String queue) {
        if (!deadLetters.owns(queue)) {
            throw refusals.notFound().apply(
                    "no queue " + queue + " of this service; its queues are " + deadLetters.queues());
        }
    }

    private void requireLimit(int limit) {
        if (limit < 1 || limit > DeadLetterAdmin.MAX_LIMIT) {
            throw refusals.invalid().apply("limit", "must be between 1 and " + DeadLetterAdmin.MAX_LIMIT);
        }
    }

    private <T> T broker(Supplier<T> action) {
        try {
            return action.get();
        } catch (AmqpException e) {
            throw refusals.brokerUnavailable().apply("the message broker could not be reached: " + e.getMessage());
        }
    }
}
