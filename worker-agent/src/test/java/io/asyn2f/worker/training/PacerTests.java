package io.asyn2f.worker.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PacerTests {

    @Test
    void shouldWaitTheExtraShareOfTheBatchTime() {
        Pacer pacer = new Pacer(3.0, () -> false);
        long busy = TimeUnit.MILLISECONDS.toNanos(10);

        long start = System.nanoTime();
        pacer.pace(busy);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2 * busy);
    }

    @Test
    void shouldNotWaitAtFullSpeedOrWhenStopped() {
        long start = System.nanoTime();
        new Pacer(1.0, () -> false).pace(TimeUnit.SECONDS.toNanos(60));
        new Pacer(4.0, () -> true).pace(TimeUnit.SECONDS.toNanos(60));

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
    }
}
