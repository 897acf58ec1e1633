package io.asyn2f.registry.enrollment;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonFormat;

import io.asyn2f.api.event.WorkerRole;

/**
 * What an operator asks for when issuing an enrollment token.
 *
 * @param maxWorkers new workers the token admits (seats); a reconnect of an admitted worker takes none
 * @param ttl        ISO-8601 lifetime, e.g. {@code PT4H}; default {@code asyn2f.registry.enrollment.default-ttl},
 *                   at most {@code max-ttl}
 * @param role       {@code trainer} or {@code tester}: the only role it admits; absent: both
 * @param samples    the sample count recorded for every worker it admits, whatever the worker reports; absent: the
 *                   worker's own count (still subject to the session's sample cap in the aggregator)
 * @param label      a note for operators (who it was given to)
 */
public record IssueEnrollmentTokenRequest(
        @NotNull @Min(1) Integer maxWorkers,
        Duration ttl,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) WorkerRole role,
        @Min(1) @Max(1_000_000_000_000L) Long samples,
        @Size(max = 200) String label) {
}
