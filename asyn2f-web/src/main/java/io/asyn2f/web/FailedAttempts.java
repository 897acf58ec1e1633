package io.asyn2f.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed credential checks per key (a client address, a user name) in a sliding window. Once a key has
 * {@code maxFailures} failures within {@code window}, it is blocked until the oldest of them leaves the window: the
 * caller answers 429 without checking the credential, so guessing costs at least {@code window / maxFailures} per
 * try from one address and for one user name. A success clears the key. Services use it in front of HTTP Basic.
 *
 * <p>At most {@code maxKeys} keys are tracked, so a flood of addresses cannot exhaust memory: past that, keys whose
 * failures all left the window are dropped, and new keys are not tracked until there is room (the user-name key
 * still counts every failure against one account).
 */
public final class FailedAttempts {

    private final int maxFailures;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public FailedAttempts(int maxFailures, Duration window, int maxKeys, Clock clock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("need maxFailures >= 1, a positive window and maxKeys >= 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** How long the key stays blocked; zero if it is not. */
    public Duration blockedFor(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        synchronized (times) {
            prune(times, now);
            if (times.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.peekFirst().plus(window));
        }
    }

    public void failed(String key) {
        Instant now = clock.instant();
        if (!failures.containsKey(key) && failures.size() >= maxKeys) {
            failures.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    prune(entry.getValue(), now);
                    return entry.getValue().isEmpty();
                }
            });
            if (failures.size() >= maxKeys) {
                return;
            }
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }
}
