package io.asyn2f.standalone.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Draws global accuracy over wall-clock time as a PNG (headless Java2D, no extra library): one line per run, or per
 * strategy the mean over its repeats with a band ({@link MeanCurve}).
 */
public final class AccuracyChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private AccuracyChart() {
    }

    /** How many times the mean curves are computed at, across the time axis. */
    static final int GRID_POINTS = 240;
    /** How opaque a mean curve's band is over the white background. */
    static final int BAND_ALPHA = 64;

    public static void write(Path file, String title, List<RunResult> runs, double targetAccuracy) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, title, runs, targetAccuracy);
        } finally {
            g.dispose();
        }
        save(image, file);
    }

    /**
     * Per strategy, the mean accuracy over its repeats with a band (a 95% t-interval from three repeats on, the
     * min-max of two), the legend saying which.
     *
     * @param byStrategy per strategy, its runs (one per repeat)
     */
    public static void writeMeans(Path file, String title, Map<String, List<RunResult>> byStrategy,
            double targetAccuracy) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<RunResult> all = byStrategy.values().stream().flatMap(List::stream).toList();
        double xMax = xMax(all);
        List<MeanCurve> curves = new ArrayList<>();
        byStrategy.forEach((strategy, runs) -> curves.add(MeanCurve.of(strategy, runs, xMax, GRID_POINTS)));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Frame frame = drawFrame(g, title, all, targetAccuracy);
            for (int c = 0; c < curves.size(); c++) {
                drawMean(g, frame, curves.get(c), PALETTE[c % PALETTE.length], c);
            }
            int y = frame.top + 40 + curves.size() * 22 + 10;
            g.setColor(Color.DARK_GRAY);
            g.drawString("mean of the repeats;", frame.left + frame.width + 10, y);
            for (String band : curves.stream().map(curve -> "band: " + curve.band().description()).distinct()
                    .toList()) {
                y += 16;
                g.drawString(band, frame.left + frame.width + 10, y);
            }
        } finally {
            g.dispose();
        }
        save(image, file);
    }

    private static void save(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Where the plot lies in the image and the scale of its axes. */
    private record Frame(int left, int top, int width, int height, double xMax, double yMin, double ySpan) {

        double x(double seconds) {
            return left + seconds / xMax * width;
        }

        double y(double accuracy) {
            return top + height - (accuracy - yMin) / ySpan * height;
        }
    }

    private static double xMax(List<RunResult> runs) {
        return niceCeiling(Math.max(1, runs.stream().mapToDouble(RunResult::elapsedSeconds).max().orElse(1)));
    }

    private static void draw(Graphics2D g, String title, List<RunResult> runs, double target) {
        Frame frame = drawFrame(g, title, runs, target);
        for (int r = 0; r < runs.size(); r++) {
            drawRun(g, frame, runs.get(r), PALETTE[r % PALETTE.length], r);
        }
    }

    private static void drawMean(Graphics2D g, Frame frame, MeanCurve curve, Color color, int index) {
        List<MeanCurve.Point> points = curve.points();
        if (!points.isEmpty() && curve.band() != MeanCurve.Band.NONE) {
            Path2D.Double band = new Path2D.Double();
            band.moveTo(frame.x(points.get(0).seconds()), frame.y(points.get(0).high()));
            for (MeanCurve.Point p : points) {
                band.lineTo(frame.x(p.seconds()), frame.y(p.high()));
            }
            for (int i = points.size() - 1; i >= 0; i--) {
                band.lineTo(frame.x(points.get(i).seconds()), frame.y(points.get(i).low()));
            }
            band.closePath();
            Shape clip = g.getClip();
            // A t-interval can reach past the axis (or past 0 and 1): keep it inside the plot.
            g.clipRect(frame.left, frame.top, frame.width, frame.height);
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
            g.fill(band);
            g.setClip(clip);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            MeanCurve.Point p = points.get(i);
            if (i == 0) {
                line.moveTo(frame.x(p.seconds()), frame.y(p.mean()));
            } else {
                line.lineTo(frame.x(p.seconds()), frame.y(p.mean()));
            }
        }
        g.draw(line);
        legend(g, frame, color, index, curve.legend());
    }

    private static void legend(Graphics2D g, Frame frame, Color color, int index, String text) {
        int legendY = frame.top + 40 + index * 22;
        g.setColor(color);
        g.fillRect(frame.left + frame.width + 10, legendY - 9, 18, 10);
        g.setColor(Color.DARK_GRAY);
        g.drawString(text, frame.left + frame.width + 34, legendY);
    }

    private static void drawRun(Graphics2D g, Frame frame, RunResult run, Color color, int index) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        Path2D.Double line = new Path2D.Double();
        boolean started = false;
        for (VersionRecord v : run.versions()) {
            if (!v.evaluated()) {
                continue;
            }
            double x = frame.x(v.elapsedSeconds());
            double y = frame.y(v.accuracy());
            if (started) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
                started = true;
            }
            g.fillOval((int) x - 2, (int) y - 2, 5, 5);
        }
        g.draw(line);
        legend(g, frame, color, index, String.format(Locale.ROOT, "%s (%.3f)", run.label(),
                Double.isNaN(run.finalAccuracy()) ? 0 : run.finalAccuracy()));
    }

    /** White background, title, grid, axis labels and the target line; returns the plot's frame. */
    private static Frame drawFrame(Graphics2D g, String title, List<RunResult> runs, double target) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double xMax = xMax(runs);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();

        double[] range = accuracyRange(runs, target);
        double yMin = range[0];
        double ySpan = range[1] - range[0];
        double step = ySpan > 0.5 ? 0.1 : ySpan > 0.2 ? 0.05 : 0.02;
        for (int i = 0; i * step <= ySpan + 1e-9; i++) {
            double accuracy = yMin + i * step;
            int y = TOP + plotHeight - (int) Math.round((accuracy - yMin) / ySpan * plotHeight);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.2f", accuracy);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + 4);
        }
        for (int i = 0; i <= 5; i++) {
            double seconds = xMax * i / 5;
            int x = LEFT + (int) Math.round(seconds / xMax * plotWidth);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", seconds);
            g.drawString(label, x - metrics.stringWidth(label) / 2, TOP + plotHeight + 18);
        }
        g.drawString("seconds since start", LEFT + plotWidth / 2 - 55, HEIGHT - 18);
        g.drawString("test accuracy", LEFT + 8, TOP + 16);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);

        if (target > 0 && target <= 1) {
            int y = TOP + plotHeight - (int) Math.round((target - yMin) / ySpan * plotHeight);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            String label = String.format(Locale.ROOT, "target %.2f", target);
            g.drawString(label, LEFT + plotWidth - 8 - metrics.stringWidth(label), y - 5);
        }

        g.setStroke(new BasicStroke(1));
        return new Frame(LEFT, TOP, plotWidth, plotHeight, xMax, yMin, ySpan);
    }

    /**
     * The accuracy axis: from a little below the lowest accuracy any run reached (in steps of 0.05, never below 0) to
     * a little above the highest or the target, so close curves stay apart.
     */
    static double[] accuracyRange(List<RunResult> runs, double target) {
        double low = 1;
        double high = target > 0 && target <= 1 ? target : 0;
        for (RunResult run : runs) {
            for (VersionRecord v : run.versions()) {
                if (v.evaluated()) {
                    low = Math.min(low, v.accuracy());
                    high = Math.max(high, v.accuracy());
                }
            }
        }
        if (low > high) {
            return new double[] {0, 1};
        }
        double min = Math.max(0, Math.floor((low - 0.02) * 20) / 20);
        double max = Math.min(1, Math.ceil((high + 0.02) * 20) / 20);
        return new double[] {min, Math.max(max, min + 0.05)};
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    public static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
