package io.asyn2f.aggregator.aggregation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.session.AggregationTrigger;

/**
 * Runs aggregations off the consumer threads, one at a time per session. A trigger that arrives while a session's
 * aggregation is running is not lost: it marks the session dirty and the running task checks again when it is done.
 * (Across instances, the session's lease ({@link SessionLeases}) lets one of them write and commit its versions; the
 * row lock on the session and the expected-version check in {@link VersionCommitter} keep versions unique and
 * gap-free.)
 *
 * <p>Triggers settle before the strategy is asked: the aggregation runs once no new trigger has come for
 * {@code settle}, or {@code maxSettle} after the first. In steady training updates come seconds apart and this adds
 * {@code settle} at most; when a backlog drains (after an aggregator restart, hundreds of queued updates arrive within
 * seconds) they are all pending before the strategy picks, so the newest update per worker is folded into one version
 * instead of a cascade of versions built from the same stale base, each advancing the learning-rate schedule.
 */
@Component
public class AggregationCoordinator implements AggregationTrigger, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AggregationCoordinator.class);

    private final AggregationRunner runner;
    private final long settleNanos;
    private final long maxSettleNanos;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "aggregation-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "aggregation-settle");
        thread.setDaemon(true);
        return thread;
    });

    private final SessionLeases leases;

    AggregationCoordinator(@Lazy AggregationRunner runner, AggregatorProperties properties, SessionLeases leases) {
        this.runner = runner;
        this.leases = leases;
        this.settleNanos = properties.aggregation().settle().toNanos();
        this.maxSettleNanos = Math.max(settleNanos, properties.aggregation().maxSettle().toNanos());
    }

    /** Asks for the session's strategy to be consulted soon (after the triggers settle); returns at once. */
    @Override
    public void trigger(String sessionId) {
        Slot slot = slots.computeIfAbsent(sessionId, id -> new Slot());
        long now = System.nanoTime();
        slot.lastTrigger = now;
        if (settleNanos == 0) {
            run(sessionId, slot);
        } else if (slot.settling.compareAndSet(false, true)) {
            slot.firstTrigger = now;
            settleLater(sessionId, slot, settleNanos);
        }
    }

    private void settleLater(String sessionId, Slot slot, long delayNanos) {
        try {
            settler.schedule(() -> settled(sessionId, slot), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("shutting down; session {} resumes from the database on the next start", sessionId);
        }
    }

    private void settled(String sessionId, Slot slot) {
        long now = System.nanoTime();
        long quiet = now - slot.lastTrigger;
        long waited = now - slot.firstTrigger;
        if (quiet < settleNanos && waited < maxSettleNanos) {
            settleLater(sessionId, slot, Math.min(settleNanos - quiet, maxSettleNanos - waited));
            return;
        }
        // A trigger from here on starts a new settling period; this run sees everything recorded before it.
        slot.settling.set(false);
        run(sessionId, slot);
    }

    private void run(String sessionId, Slot slot) {
        slot.dirty.set(true);
        try {
            executor.execute(() -> drain(sessionId, slot));
        } catch (RejectedExecutionException e) {
            log.debug("shutting down; session {} resumes from the database on the next start", sessionId);
        }
    }

    private void drain(String sessionId, Slot slot) {
        // Re-check after unlocking: a trigger may have set dirty while we held the lock and failed to get it.
        while (slot.dirty.get() && slot.lock.tryLock()) {
            try {
                while (slot.dirty.getAndSet(false)) {
                    if (runner.runOnce(sessionId)) {
                        slot.dirty.set(true); // a backlog may allow the next version at once
                    }
                }
            } catch (RuntimeException e) {
                log.warn("aggregation of session {} failed; it is retried by the next trigger or timer", sessionId, e);
            } finally {
                slot.lock.unlock();
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        settler.shutdownNow();
        executor.shutdown();
        if (executor.awaitTermination(20, TimeUnit.SECONDS)) {
            // No aggregation runs any more: another instance may take these sessions over at once.
            leases.releaseAll();
        } else {
            executor.shutdownNow(); // a write may still be under way: the leases expire instead
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean dirty = new AtomicBoolean();
        final AtomicBoolean settling = new AtomicBoolean();
        volatile long firstTrigger;
        volatile long lastTrigger;
    }
}
