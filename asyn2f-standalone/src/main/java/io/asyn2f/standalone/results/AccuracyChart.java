package io.asyn2f.standalone.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** Draws global accuracy over wall-clock time, one line per run, as a PNG (headless Java2D, no extra library). */
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

    public static void write(Path file, String title, List<RunResult> runs, double targetAccuracy) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, title, runs, targetAccuracy);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void draw(Graphics2D g, String title, List<RunResult> runs, double target) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double maxSeconds = Math.max(1, runs.stream().mapToDouble(RunResult::elapsedSeconds).max().orElse(1));
        double xMax = niceCeiling(maxSeconds);

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

        for (int r = 0; r < runs.size(); r++) {
            RunResult run = runs.get(r);
            Color color = PALETTE[r % PALETTE.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.2f));
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (VersionRecord v : run.versions()) {
                if (!v.evaluated()) {
                    continue;
                }
                double x = LEFT + v.elapsedSeconds() / xMax * plotWidth;
                double y = TOP + plotHeight - (v.accuracy() - yMin) / ySpan * plotHeight;
                if (started) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    started = true;
                }
                g.fillOval((int) x - 2, (int) y - 2, 5, 5);
            }
            g.draw(line);
            int legendY = TOP + 40 + r * 22;
            g.fillRect(LEFT + plotWidth + 10, legendY - 9, 18, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%s (%.3f)", run.label(),
                    Double.isNaN(run.finalAccuracy()) ? 0 : run.finalAccuracy()), LEFT + plotWidth + 34, legendY);
        }
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
