package io.asyn2f.worker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StartupRetryTests {

    private final StartupRetry retry = new StartupRetry(Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofSeconds(5));

    @Test
    void shouldWaitForAGlobalModelThatIsNotThereYet() {
        AtomicInteger calls = new AtomicInteger();

        String answer = retry.call("latest", true, () -> {
            if (calls.incrementAndGet() < 4) {
                throw new ApiException("GET latest", 404, "{\"detail\":\"no global model yet\"}");
            }
            return "version 0";
        });

        assertThat(answer).isEqualTo("version 0");
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldRetryUnavailableAndUnreachableServices() {
        AtomicInteger calls = new AtomicInteger();

        String answer = retry.call("register", false, () -> switch (calls.incrementAndGet()) {
            case 1 -> throw new UncheckedIOException(new IOException("Connection refused"));
            case 2 -> throw new ApiException("POST workers", 503, "");
            default -> "registered";
        });

        assertThat(answer).isEqualTo("registered");
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldFailAtOnceOnARefusal() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("register", true, () -> {
            calls.incrementAndGet();
            throw new ApiException("POST workers", 401, "bad enrollment secret");
        })).isInstanceOf(ApiException.class).hasMessageContaining("401");
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldNotTreatNotFoundAsTransientUnlessTheCallerSaysSo() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("refresh", false, () -> {
            calls.incrementAndGet();
            throw new ApiException("POST refresh", 404, "");
        })).isInstanceOf(ApiException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldGiveUpWithTheLastFailureWhenTheTimeIsUp() {
        // Long enough that a busy machine stalling the first attempt still leaves time for a second one.
        StartupRetry brief = new StartupRetry(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> brief.call("latest", true, () -> {
            throw new ApiException("GET latest", 404, "attempt " + calls.incrementAndGet());
        })).isInstanceOf(ApiException.class).hasMessageContaining("attempt " + calls.get());
        assertThat(calls.get()).isGreaterThan(1);
    }
}
