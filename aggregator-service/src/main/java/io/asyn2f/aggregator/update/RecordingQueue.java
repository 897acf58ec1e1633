package io.asyn2f.aggregator.update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.metrics.AggregatorMetrics;

/**
 * Group commit for update intake: the consumers verify their updates side by side, then each hands its update here and
 * waits; one thread records whatever has queued up meanwhile in one transaction ({@link UpdateRecorder}), so under
 * load a transaction, and each of its round trips to PostgreSQL for the session, carries many updates instead of one.
 * At light load a batch is the one update that came, recorded at once: nothing waits for a batch to fill.
 *
 * <p>If a batch's transaction fails (another delivery recorded one of its update ids first, a database error), each
 * of its updates is tried again alone, so one update's failure is its own: the caller gets that exception, exactly
 * as from recording it alone. Before start and after stop, callers record on their own thread; what is queued when
 * it stops is recorded first.
 */
@Component
class RecordingQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecordingQueue.class);
    /** Updates in one transaction at most. */
    static final int MAX_BATCH = 64;
    /** How long a caller waits for its batch before it gives up (its message is then retried). */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final UpdateRecorder recorder;
    private final AggregatorMetrics metrics;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private volatile boolean running;

    private record Queued(UpdateRecorder.Request request, CompletableFuture<UpdateRecorder.Outcome> outcome) {
    }

    RecordingQueue(UpdateRecorder recorder, AggregatorMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    /** Records the update with whatever else is waiting; returns its outcome once the transaction committed. */
    UpdateRecorder.Outcome record(UpdateRecorder.Request request) {
        if (!running) {
            return recorder.record(List.of(request)).get(0);
        }
        Queued queued = new Queued(request, new CompletableFuture<>());
        queue.add(queued);
        if (!running && queue.remove(queued)) {
            // Stopped meanwhile, and the thread's last drain did not take it: recorded here.
            return recorder.record(List.of(request)).get(0);
        }
        try {
            return queued.outcome().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("recording update " + request.update().updateId() + " failed",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("recording update " + request.update().updateId() + " took longer than "
                    + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording update " + request.update().updateId(), e);
        }
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            Queued first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            recordBatch(batch);
            batch.clear();
        }
        // Stopped: what is still queued is recorded before the thread ends.
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            recordBatch(batch);
            batch.clear();
        }
    }

    /** Records {@code requests} as one batch on the caller's thread, as the recording thread does (for tests). */
    List<CompletableFuture<UpdateRecorder.Outcome>> recordAsOneBatch(List<UpdateRecorder.Request> requests) {
        List<Queued> batch = requests.stream().map(r -> new Queued(r, new CompletableFuture<>())).toList();
        recordBatch(batch);
        return batch.stream().map(Queued::outcome).toList();
    }

    private void recordBatch(List<Queued> batch) {
        metrics.intakeBatch(batch.size());
        try {
            List<UpdateRecorder.Outcome> outcomes = recorder.record(batch.stream().map(Queued::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).outcome().completeExceptionally(e);
                return;
            }
            log.debug("a batch of {} updates failed ({}); recording each alone", batch.size(), e.toString());
        }
        for (Queued queued : batch) {
            try {
                queued.outcome().complete(recorder.record(List.of(queued.request())).get(0));
            } catch (RuntimeException e) {
                queued.outcome().completeExceptionally(e);
            }
        }
    }

    @Override
    public void start() {
        Thread started = new Thread(this::run, "update-recorder");
        started.setDaemon(true);
        running = true;
        thread = started;
        started.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread stopped = thread;
        thread = null;
        if (stopped != null) {
            try {
                stopped.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Started before the listener containers (which start late, near the web server) and stopped after them, so
        // consumers that are still finishing a message can record it.
        return Integer.MIN_VALUE / 2;
    }
}
