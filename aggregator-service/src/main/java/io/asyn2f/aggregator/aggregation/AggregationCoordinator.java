package io.asyn2f.aggregator.aggregation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Runs aggregations off the consumer threads, one at a time per session. A trigger that arrives while a session's
 * aggregation is running is not lost: it marks the session dirty and the running task checks again when it is done.
 * (Across instances, the row lock on the session and the expected-version check in {@link VersionCommitter} keep
 * versions unique and gap-free.)
 */
@Component
public class AggregationCoordinator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AggregationCoordinator.class);

    private final AggregationRunner runner;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "aggregation-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    AggregationCoordinator(@Lazy AggregationRunner runner) {
        this.runner = runner;
    }

    /** Asks for the session's strategy to be consulted soon; returns at once. */
    public void trigger(String sessionId) {
        Slot slot = slots.computeIfAbsent(sessionId, id -> new Slot());
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
        executor.shutdown();
        if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean dirty = new AtomicBoolean();
    }
}
