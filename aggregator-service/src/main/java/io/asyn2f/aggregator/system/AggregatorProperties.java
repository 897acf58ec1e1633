package io.asyn2f.aggregator.system;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.asyn2f.core.event.EventRouting;

/**
 * Settings of the aggregator ({@code asyn2f.aggregator.*}).
 *
 * @param jwksUri         the registry's JWKS; worker tokens on events are validated against it
 * @param tokenClockSkew  tolerance when judging a token's expiry against the event's {@code occurredAt}
 * @param maxQueueDelay   oldest {@code occurredAt} accepted on a worker event (how long it may have waited in the
 *                        queue); older events are refused, so a leaked token cannot be replayed with a back-dated time
 * @param timerInterval   how often the max-wait and max-time deadlines of running sessions are checked
 * @param outboxInterval  how often unsent outbox rows are retried (they are also sent right after each commit)
 * @param admin           the HTTP Basic credential of the admin API
 * @param queues          the queues this instance consumes (the defaults are the contract; tests override them)
 */
@Validated
@ConfigurationProperties("asyn2f.aggregator")
public record AggregatorProperties(
        @NotNull URI jwksUri,
        @DefaultValue("60s") @NotNull Duration tokenClockSkew,
        @DefaultValue("1h") @NotNull Duration maxQueueDelay,
        @DefaultValue("1s") @NotNull Duration timerInterval,
        @DefaultValue("5s") @NotNull Duration outboxInterval,
        @Valid @NotNull Admin admin,
        @Valid @DefaultValue Queues queues) {

    public record Admin(@NotBlank String username, @NotBlank String password) {
    }

    public record Queues(
            @DefaultValue(EventRouting.AGGREGATOR_UPDATES_QUEUE) @NotBlank String updates,
            @DefaultValue(EventRouting.AGGREGATOR_EVALUATIONS_QUEUE) @NotBlank String evaluations,
            @DefaultValue(EventRouting.AGGREGATOR_WORKERS_QUEUE) @NotBlank String workers) {
    }
}
