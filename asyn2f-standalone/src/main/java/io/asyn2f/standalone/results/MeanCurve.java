package io.asyn2f.standalone.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mean accuracy of one strategy's repeats over time, with a band around it, on a common time grid. At each grid
 * time a repeat's accuracy is that of its newest version evaluated by then (a run that finished before the others
 * keeps its last model); a grid time counts once every repeat has an evaluated version, so each point is over all the
 * repeats, and until the longest of them ended.
 *
 * @param label  the strategy
 * @param repeats how many runs the curve is over
 * @param band   what the band around the mean is
 * @param points the grid times that count, in order
 */
public record MeanCurve(String label, int repeats, Band band, List<Point> points) {

    /** What the band around the mean shows. */
    public enum Band {
        /** The 95% Student-t interval of the mean (three repeats or more). */
        T_INTERVAL("95% t-interval"),
        /** The lowest and highest repeat (two repeats, where the t-interval, 12.7 standard errors, says little). */
        RANGE("min-max"),
        /** One run: no band. */
        NONE("none (one run)");

        private final String description;

        Band(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        static Band forRepeats(int n) {
            return n >= 3 ? T_INTERVAL : n == 2 ? RANGE : NONE;
        }
    }

    /** The mean and the band's bounds at {@code seconds} (bounds equal to the mean when there is no band). */
    public record Point(double seconds, double mean, double low, double high) {
    }

    public MeanCurve {
        points = List.copyOf(points);
    }

    /** The curve of {@code runs} at {@code gridPoints} evenly spaced times from 0 to {@code endSeconds}. */
    public static MeanCurve of(String label, List<RunResult> runs, double endSeconds, int gridPoints) {
        if (gridPoints < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points, was " + gridPoints);
        }
        Band band = Band.forRepeats(runs.size());
        double longest = runs.stream().mapToDouble(RunResult::elapsedSeconds).max().orElse(0);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < gridPoints; i++) {
            double seconds = endSeconds * i / (gridPoints - 1);
            if (seconds > longest) {
                break;
            }
            List<Double> values = new ArrayList<>();
            for (RunResult run : runs) {
                values.add(accuracyAt(run, seconds));
            }
            if (runs.isEmpty() || values.stream().anyMatch(v -> Double.isNaN(v))) {
                continue;
            }
            points.add(point(seconds, values, band));
        }
        return new MeanCurve(label, runs.size(), band, points);
    }

    private static Point point(double seconds, List<Double> values, Band band) {
        return switch (band) {
            case T_INTERVAL -> {
                Interval interval = Interval.of(values);
                yield new Point(seconds, interval.mean(), interval.low(), interval.high());
            }
            case RANGE -> new Point(seconds, values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            case NONE -> new Point(seconds, values.get(0), values.get(0), values.get(0));
        };
    }

    /** The accuracy of the newest version {@code run} had evaluated by {@code seconds}; NaN before the first. */
    public static double accuracyAt(RunResult run, double seconds) {
        double accuracy = Double.NaN;
        double newest = Double.NEGATIVE_INFINITY;
        for (VersionRecord v : run.versions()) {
            if (v.evaluated() && v.elapsedSeconds() <= seconds && v.elapsedSeconds() >= newest) {
                newest = v.elapsedSeconds();
                accuracy = v.accuracy();
            }
        }
        return accuracy;
    }

    /** The mean at the last grid time, NaN when the curve is empty. */
    public double finalMean() {
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).mean();
    }

    /** For a legend: {@code asyn2f (3 runs, 0.861)}. */
    public String legend() {
        return String.format(Locale.ROOT, "%s (%d run%s, %.3f)", label, repeats, repeats == 1 ? "" : "s",
                Double.isNaN(finalMean()) ? 0 : finalMean());
    }
}
