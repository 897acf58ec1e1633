package io.asyn2f.worker.training;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Emulates a slower device: after a batch that took {@code t}, waits {@code (factor - 1) * t}, so each batch takes
 * {@code factor} times as long as it did. Measured per batch, so the ratio holds whatever else the machine does.
 * The wait ends early when the trainer is stopped.
 */
final class Pacer {

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double factor;
    private final BooleanSupplier stopped;

    Pacer(double factor, BooleanSupplier stopped) {
        this.factor = factor;
        this.stopped = stopped;
    }

    void pace(long busyNanos) {
        if (factor <= 1 || busyNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + (long) ((factor - 1) * busyNanos);
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0 && !stopped.getAsBoolean()) {
            LockSupport.parkNanos(Math.min(remaining, SLICE_NANOS));
        }
    }
}
