package io.asyn2f.standalone.loadtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import io.asyn2f.standalone.results.AccuracyChart;

/**
 * Latency over the load test as a PNG: for each second of announcements, the p50, p99 and maximum time from an
 * update's announcement to the commit of the version that includes it (headless Java2D).
 */
final class LatencyChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 520;
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_RIGHT = 130;
    private static final int MARGIN_TOP = 50;
    private static final int MARGIN_BOTTOM = 60;
    private static final String[] SERIES = {"p50Ms", "p99Ms", "maxMs"};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0xbbbbbb)};

    private LatencyChart() {
    }

    static void write(Path file, String title, List<Map<String, Object>> perSecond) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            plot(g, title, perSecond);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void plot(Graphics2D g, String title, List<Map<String, Object>> rows) {
        int width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
        int height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
        double seconds = AccuracyChart.niceCeiling(Math.max(1, rows.stream()
                .mapToLong(r -> ((Number) r.get("second")).longValue() + 1).max().orElse(1)));
        double millis = AccuracyChart.niceCeiling(Math.max(10, rows.stream().map(r -> r.get("maxMs"))
                .filter(v -> v != null).mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(10)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.DARK_GRAY);
        g.drawString("latency, announce to commit: " + title, MARGIN_LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int tick = 0; tick <= 5; tick++) {
            int x = MARGIN_LEFT + width * tick / 5;
            int y = MARGIN_TOP + height - height * tick / 5;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, MARGIN_TOP, x, MARGIN_TOP + height);
            g.drawLine(MARGIN_LEFT, y, MARGIN_LEFT + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f", seconds * tick / 5), x - 8, MARGIN_TOP + height + 18);
            g.drawString(String.format(Locale.ROOT, "%.0f", millis * tick / 5), MARGIN_LEFT - 50, y + 4);
        }
        g.drawString("second of the window (by announcement)", MARGIN_LEFT + width / 2 - 110, HEIGHT - 18);
        g.drawString("ms", MARGIN_LEFT - 50, MARGIN_TOP - 8);
        g.drawRect(MARGIN_LEFT, MARGIN_TOP, width, height);
        for (int s = SERIES.length - 1; s >= 0; s--) {
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (Map<String, Object> row : rows) {
                Object value = row.get(SERIES[s]);
                if (value == null) {
                    continue;
                }
                double x = MARGIN_LEFT + (((Number) row.get("second")).doubleValue() + 0.5) / seconds * width;
                double y = MARGIN_TOP + height - ((Number) value).doubleValue() / millis * height;
                if (started) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    started = true;
                }
            }
            g.setColor(COLORS[s]);
            g.setStroke(new BasicStroke(s == 2 ? 1.2f : 2.2f));
            g.draw(line);
            int legend = MARGIN_TOP + 30 + s * 22;
            g.fillRect(MARGIN_LEFT + width + 12, legend - 9, 18, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(SERIES[s].replace("Ms", ""), MARGIN_LEFT + width + 36, legend);
        }
    }
}
