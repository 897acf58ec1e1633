package io.asyn2f.worker.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Calls a worker makes while joining a session, retried with capped exponential backoff and jitter while the answer
 * says "not yet": the registry has not learned the session yet or the gateway has no global model yet (404, where
 * the caller says so), a service is starting or overloaded (429, 502, 503, 504), or it cannot be reached at all.
 * Any other answer fails at once. The first wait is logged once; the last failure is rethrown when the time is up.
 */
public final class StartupRetry {

    private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);

    /** Statuses that mean "try again shortly" from any asyn2f service or a proxy in front of it. */
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429, 502, 503, 504);

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration timeout;

    public StartupRetry(Duration initialDelay, Duration maxDelay, Duration timeout) {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || timeout.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay and initialDelay <= timeout, got "
                    + initialDelay + ", " + maxDelay + ", " + timeout);
        }
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.timeout = timeout;
    }

    /** 250 ms doubling up to 5 s, for at most two minutes. */
    public static StartupRetry defaults() {
        return new StartupRetry(Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    /**
     * Runs {@code action} until it succeeds, fails with an error that is not transient, or the time is up.
     *
     * @param notFoundIsTransient whether a 404 means "not yet" for this call (the session or model will appear)
     */
    public <T> T call(String what, boolean notFoundIsTransient, Supplier<T> action) {
        RetryPolicy policy = RetryPolicy.builder()
                .delay(initialDelay)
                .multiplier(2)
                .maxDelay(maxDelay)
                .jitter(initialDelay.dividedBy(2))
                .timeout(timeout)
                .maxRetries(Long.MAX_VALUE)
                .predicate(failure -> isTransient(failure, notFoundIsTransient))
                .build();
        RetryTemplate template = new RetryTemplate(policy);
        template.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState state) {
                Throwable last = state.getLastException();
                if (state.getRetryCount() <= 1) {
                    log.info("{}: not possible yet ({}); retrying with backoff for up to {}", what,
                            last == null ? "?" : last.getMessage(), timeout);
                } else {
                    log.debug("{}: retry {} after {}", what, state.getRetryCount(), last);
                }
            }
        });
        try {
            return template.execute(new Retryable<T>() {
                @Override
                public T execute() {
                    return action.get();
                }

                @Override
                public String getName() {
                    return what;
                }
            });
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (last instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(what + " failed", e);
        }
    }

    static boolean isTransient(Throwable failure, boolean notFoundIsTransient) {
        if (failure instanceof ApiException api) {
            return TRANSIENT_STATUSES.contains(api.status()) || (notFoundIsTransient && api.status() == 404);
        }
        // JsonHttp reports connection refusals, resets and timeouts this way.
        return failure instanceof UncheckedIOException;
    }
}
