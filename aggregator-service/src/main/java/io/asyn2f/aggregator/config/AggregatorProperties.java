package io.asyn2f.aggregator.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.asyn2f.api.event.EventRouting;

/**
 * Settings of the aggregator ({@code asyn2f.aggregator.*}).
 *
 * @param jwksUri         the registry's JWKS; worker tokens on events are validated against it
 * @param tokenClockSkew  tolerance when judging a token's expiry against the event's {@code occurredAt}
 * @param maxQueueDelay   oldest {@code occurredAt} accepted on a worker event (how long it may have waited in the
 *                        queue); older events are refused, so a leaked token cannot be replayed with a back-dated time
 * @param timerInterval   how often the max-wait and max-time deadlines of running sessions are checked
 * @param outboxInterval  how often unsent outbox rows are retried (they are also sent right after each commit).
 *                        This and {@code timerInterval} are read as {@code @Scheduled} placeholders (SessionTimers,
 *                        OutboxRelay); bound here too so that a value that is no duration fails the start
 * @param admin           the HTTP Basic credential of the admin API
 * @param queues          the queues this instance consumes (the defaults are the contract; tests override them)
 * @param retention       what the retention sweeper deletes from the object store, and how often it runs
 * @param aggregation     how long arrivals settle before the strategy is asked
 * @param limits          what one session may ask for, and how many may be open at once
 * @param updateCache     verified updates kept in memory from intake to their aggregation
 * @param globalCache     the global model this instance committed last, per session, kept for the next aggregation
 */
@Validated
@ConfigurationProperties("asyn2f.aggregator")
public record AggregatorProperties(
        @NotNull URI jwksUri,
        @DefaultValue("60s") @NotNull Duration tokenClockSkew,
        @DefaultValue("1h") @NotNull Duration maxQueueDelay,
        @DefaultValue("1s") @NotNull Duration timerInterval,
        @DefaultValue("5s") @NotNull Duration outboxInterval,
        @Valid @DefaultValue Admin admin,
        @Valid @DefaultValue Queues queues,
        @Valid @DefaultValue Retention retention,
        @Valid @DefaultValue Aggregation aggregation,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue UpdateCache updateCache,
        @Valid @DefaultValue GlobalCache globalCache) {

    /** Consumers of the updates queue unless {@code asyn2f.aggregator.queues.update-consumers} says otherwise. */
    public static final int DEFAULT_UPDATE_CONSUMERS = 16;

    /**
     * @param maxBytes parameters (4 bytes each) of verified updates kept from intake to aggregation, so that the
     *                 aggregation does not read each object again; least recently used beyond it are evicted and then
     *                 read from the store when aggregated. 0 turns the cache off
     */
    public record UpdateCache(@DefaultValue("536870912") @Min(0) long maxBytes) {
    }

    /**
     * @param maxBytes parameters (4 bytes each) of the global models this instance committed last (one per session),
     *                 kept so the next aggregation does not read them back; 0 turns the cache off
     */
    public record GlobalCache(@DefaultValue("268435456") @Min(0) long maxBytes) {
    }

    /**
     * @param username          the admin user name
     * @param password          required, no default: the service refuses to start without one; plain text (compared
     *                          as SHA-256 digests in constant time) or with an encoder prefix ({@code {bcrypt}...})
     * @param maxFailedAttempts failed logins per client address, and per user name, within the window; one more is
     *                          answered 429 with Retry-After, without checking the credential
     * @param failureWindow     how long a failed login counts
     */
    public record Admin(
            @DefaultValue("admin") @NotBlank String username,
            @NotBlank(message = PASSWORD_REQUIRED) @Size(min = 8, message = PASSWORD_REQUIRED) String password,
            @DefaultValue("10") @Min(1) int maxFailedAttempts,
            @DefaultValue("5m") @NotNull Duration failureWindow) {

        static final String PASSWORD_REQUIRED = "is required and has no default: set asyn2f.aggregator.admin.password"
                + " (environment ASYN2F_AGGREGATOR_ADMIN_PASSWORD) to at least 8 characters";

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=****, maxFailedAttempts=" + maxFailedAttempts
                    + ", failureWindow=" + failureWindow + "]";
        }
    }

    /**
     * Caps on a session request that depend on the deployment (memory, broker, store); the fixed bounds of each
     * field are on {@code SessionConfig}. A request over a cap is refused with 400, naming the field and the cap.
     *
     * @param maxModelParameters parameters of the model architecture: version 0, every update and every aggregation
     *                           hold vectors of this size in the aggregator's heap (4 bytes each)
     * @param maxUploadBytes     the largest {@code uploadLimitBytes} a session may set
     * @param maxMinWorkers      the largest {@code minWorkers} a session may set
     * @param maxOpenSessions    sessions not yet finished or failed; one more is refused with 409
     */
    public record Limits(
            @DefaultValue("50000000") @Min(1) long maxModelParameters,
            @DefaultValue("536870912") @Min(1) long maxUploadBytes,
            @DefaultValue("10000") @Min(1) int maxMinWorkers,
            @DefaultValue("100") @Min(1) int maxOpenSessions) {
    }

    /**
     * @param updateConsumers how many consumers take in updates at once: each verifies its object in the store, then
     *                        hands it to the one thread that records what the consumers verified meanwhile in one
     *                        transaction, so more consumers mean fewer, larger transactions under load. An update
     *                        recorded after a later announced one of the same worker is set aside as superseded
     */
    public record Queues(
            @DefaultValue(EventRouting.AGGREGATOR_UPDATES_QUEUE) @NotBlank String updates,
            @DefaultValue("" + DEFAULT_UPDATE_CONSUMERS) @Min(1) @Max(64) int updateConsumers,
            @DefaultValue(EventRouting.AGGREGATOR_EVALUATIONS_QUEUE) @NotBlank String evaluations,
            @DefaultValue(EventRouting.AGGREGATOR_WORKERS_QUEUE) @NotBlank String workers) {
    }

    /**
     * @param settle    an aggregation runs once no update, worker event or timer has asked for one for this long
     *                  (0: at once); folds a burst of arrivals, such as a backlog after a restart, into one version
     * @param maxSettle ... or this long after the first ask, however busy the intake is
     * @param leaseTtl  how long a session's lease lasts after each renewal (every aggregation renews it): only its
     *                  holder writes and commits versions; after a crash another instance takes over once it expires.
     *                  Must exceed {@code asyn2f.s3.call-timeout} by at least 5 s
     */
    public record Aggregation(
            @DefaultValue("100ms") @NotNull Duration settle,
            @DefaultValue("500ms") @NotNull Duration maxSettle,
            @DefaultValue("30s") @NotNull Duration leaseTtl) {
    }

    /**
     * @param keepGlobalVersions    the newest K global versions of a session keep their blob (plus pinned ones);
     *                              at least 1, so the version a session aggregates from is never deleted
     * @param deleteConsumedUpdates delete the objects of updates that can no longer reach a version (used,
     *                              discarded or rejected); never those of pending ones
     * @param interval              how often the sweeper runs
     */
    public record Retention(
            @DefaultValue("5") @Min(1) int keepGlobalVersions,
            @DefaultValue("true") boolean deleteConsumedUpdates,
            @DefaultValue("PT30S") @NotNull Duration interval) {
    }
}
