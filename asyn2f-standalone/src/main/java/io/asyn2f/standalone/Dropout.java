package io.asyn2f.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Trainers that leave a session and come back ({@code --dropout}): the first {@code trainers} trainers stop at
 * {@code leaveAfter} of the session's time limit, as a worker whose process ends does (its heartbeats stop, the
 * registry marks it lost), and a new instance for the same partition starts at {@code returnAfter}, reconnecting
 * as the same worker. Both are fractions of {@code --max-time}, counted from the start of the session's trainers.
 *
 * @param trainers    how many trainers leave (0: none)
 * @param leaveAfter  when they leave, a fraction of the time limit in (0, 1)
 * @param returnAfter when they come back, a fraction of the time limit after {@code leaveAfter}, at most 1
 */
public record Dropout(int trainers, double leaveAfter, double returnAfter) {

    /** Nobody leaves. */
    public static final Dropout NONE = new Dropout(0, 0.3, 0.6);

    /** What happens to one trainer at one moment. */
    public enum Change { LEAVES, RETURNS }

    /** Trainer {@code trainer} {@code change}s {@code at} after the trainers started. */
    public record Event(Duration at, int trainer, Change change) {
    }

    public Dropout {
        if (trainers < 0) {
            throw new IllegalArgumentException("--dropout must be at least 0, was " + trainers);
        }
        if (!(leaveAfter > 0 && leaveAfter < 1)) {
            throw new IllegalArgumentException("--dropout-after must be a fraction of --max-time in (0, 1), was "
                    + leaveAfter);
        }
        if (!(returnAfter > leaveAfter && returnAfter <= 1)) {
            throw new IllegalArgumentException("--return-after must be a fraction of --max-time after --dropout-after ("
                    + leaveAfter + ") and at most 1, was " + returnAfter);
        }
    }

    public boolean any() {
        return trainers > 0;
    }

    /** Whether trainer {@code index} is one of those that leave. */
    public boolean leaves(int index) {
        return index < trainers;
    }

    /** The leaves and returns for a session with time limit {@code maxTime}, in time order. */
    public List<Event> events(Duration maxTime) {
        List<Event> events = new ArrayList<>();
        Duration leave = fraction(maxTime, leaveAfter);
        Duration back = fraction(maxTime, returnAfter);
        for (int k = 0; k < trainers; k++) {
            events.add(new Event(leave, k, Change.LEAVES));
            events.add(new Event(back, k, Change.RETURNS));
        }
        events.sort(Comparator.comparing(Event::at));
        return List.copyOf(events);
    }

    /**
     * Has {@code executor} apply each event at its time, counted from now; an event that throws is handed to
     * {@code failed} and the others still happen.
     */
    public void schedule(ScheduledExecutorService executor, Duration maxTime, Consumer<Event> apply,
            BiConsumer<Event, RuntimeException> failed) {
        for (Event event : events(maxTime)) {
            executor.schedule(() -> {
                try {
                    apply.accept(event);
                } catch (RuntimeException e) {
                    failed.accept(event, e);
                }
            }, event.at().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** For the console and the settings: {@code trainer-0, trainer-1 leave at 54s and return at 108s}. */
    public String describe(Duration maxTime) {
        if (!any()) {
            return "dropout: none";
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < trainers; k++) {
            names.add("trainer-" + k);
        }
        return "dropout: " + String.join(", ", names) + (trainers == 1 ? " leaves at " : " leave at ")
                + fraction(maxTime, leaveAfter).toSeconds() + "s and " + (trainers == 1 ? "returns" : "return")
                + " at " + fraction(maxTime, returnAfter).toSeconds() + "s";
    }

    private static Duration fraction(Duration maxTime, double fraction) {
        return Duration.ofMillis(Math.round(maxTime.toMillis() * fraction));
    }
}
