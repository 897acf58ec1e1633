package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

import io.asyn2f.standalone.Dropout.Change;
import io.asyn2f.standalone.Dropout.Event;

class DropoutTests {

    @Test
    void theFirstTrainersLeaveAndReturnAtFractionsOfTheTimeLimit() {
        Dropout dropout = new Dropout(2, 0.3, 0.6);

        assertThat(dropout.events(Duration.ofMinutes(3))).containsExactly(
                new Event(Duration.ofSeconds(54), 0, Change.LEAVES),
                new Event(Duration.ofSeconds(54), 1, Change.LEAVES),
                new Event(Duration.ofSeconds(108), 0, Change.RETURNS),
                new Event(Duration.ofSeconds(108), 1, Change.RETURNS));
        assertThat(dropout.leaves(1)).isTrue();
        assertThat(dropout.leaves(2)).isFalse();
        assertThat(dropout.describe(Duration.ofMinutes(3)))
                .isEqualTo("dropout: trainer-0, trainer-1 leave at 54s and return at 108s");
        assertThat(new Dropout(1, 0.25, 1).describe(Duration.ofSeconds(90)))
                .isEqualTo("dropout: trainer-0 leaves at 22s and returns at 90s");
    }

    @Test
    void nobodyLeavesByDefault() {
        assertThat(Dropout.NONE.any()).isFalse();
        assertThat(Dropout.NONE.events(Duration.ofMinutes(3))).isEmpty();
        assertThat(Dropout.NONE.leaves(0)).isFalse();
        assertThat(LauncherOptions.parse(List.of("compare"), Map.of()).dropout()).isEqualTo(Dropout.NONE);
        assertThat(LauncherOptions.parse(List.of("compare", "--dropout", "1"), Map.of()).shortened(2,
                Duration.ofSeconds(60)).dropout()).as("not in the warm-up session").isEqualTo(Dropout.NONE);
    }

    @Test
    void theOptionsSetTheScheduleAndTheScenarioUsesThem() {
        LauncherOptions options = LauncherOptions.parse(List.of("compare", "--dropout", "1", "--dropout-after",
                "0.2", "--return-after=0.5", "--max-time", "100s"), Map.of());

        assertThat(options.dropout()).isEqualTo(new Dropout(1, 0.2, 0.5));
        assertThat(options.dropout().events(options.maxTime())).containsExactly(
                new Event(Duration.ofSeconds(20), 0, Change.LEAVES),
                new Event(Duration.ofSeconds(50), 0, Change.RETURNS));
        assertThat(LauncherOptions.parse(List.of("--dropout", "2"), Map.of()).dropout())
                .as("run takes it too, with the default fractions").isEqualTo(new Dropout(2, 0.3, 0.6));

        LauncherOptions scenario = LauncherOptions.parse(List.of("compare", "--scenario", "dropout"), Map.of());
        assertThat(scenario.dropout()).isEqualTo(new Dropout(2, 0.1, 0.4));
        assertThat(scenario.maxTime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(scenario.dropout().events(scenario.maxTime())).extracting(Event::at)
                .containsExactly(Duration.ofSeconds(18), Duration.ofSeconds(18), Duration.ofSeconds(72),
                        Duration.ofSeconds(72));
        assertThat(LauncherOptions.parse(List.of("compare", "--scenario", "dropout", "--dropout", "1"), Map.of())
                .dropout().trainers()).as("the command line wins").isEqualTo(1);
    }

    @Test
    void theScheduleAppliesEachEventInTimeOrderAndGoesOnPastAFailure() throws InterruptedException {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        List<String> applied = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        try {
            // Over a 1 s limit: trainers 0 and 1 leave at 200 ms, come back at 500 ms; trainer 1's return fails.
            new Dropout(2, 0.2, 0.5).schedule(executor, Duration.ofSeconds(1), event -> {
                if (event.trainer() == 1 && event.change() == Change.RETURNS) {
                    throw new IllegalStateException("registry away");
                }
                applied.add(event.trainer() + " " + event.change() + " after "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            }, (event, e) -> failed.add(event.trainer() + " " + event.change() + ": " + e.getMessage()));

            await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() + failed.size() == 4);
        } finally {
            executor.shutdownNow();
        }
        assertThat(applied).hasSize(3);
        assertThat(applied.subList(0, 2)).allSatisfy(line -> assertThat(line).contains("LEAVES"));
        assertThat(applied.get(2)).startsWith("0 RETURNS");
        assertThat(Long.parseLong(applied.get(0).replaceAll(".* after (\\d+) ms", "$1"))).isGreaterThanOrEqualTo(200);
        assertThat(Long.parseLong(applied.get(2).replaceAll(".* after (\\d+) ms", "$1"))).isGreaterThanOrEqualTo(500);
        assertThat(failed).containsExactly("1 RETURNS: registry away");
    }

    @Test
    void badSchedulesAreRefusedWithAClearMessage() {
        assertRefused(List.of("--dropout", "5"), "--dropout must leave at least one trainer in the session: at most 4");
        assertRefused(List.of("--dropout", "-1"), "--dropout must be between 0 and 63");
        assertRefused(List.of("--dropout", "1", "--dropout-after", "0"), "--dropout-after must be a fraction");
        assertRefused(List.of("--dropout", "1", "--dropout-after", "soon"), "--dropout-after must be a number");
        assertRefused(List.of("--dropout", "1", "--dropout-after", "0.5", "--return-after", "0.4"),
                "--return-after must be a fraction of --max-time after --dropout-after (0.5)");
        assertRefused(List.of("--dropout", "1", "--return-after", "1.5"), "at most 1, was 1.5");
        assertRefused(List.of("--return-after", "0.5"), "--return-after needs --dropout N");
        assertRefused(List.of("loadtest", "--dropout", "1"), "--dropout belongs to run and compare");
    }

    private static void assertRefused(List<String> args, String message) {
        assertThatThrownBy(() -> LauncherOptions.parse(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
