package io.asyn2f.standalone.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeanCurveTests {

    @TempDir
    Path folder;

    /** A run evaluated at the given (seconds, accuracy) pairs, with an unevaluated version in between. */
    private static RunResult run(double end, double... secondsAndAccuracy) {
        List<VersionRecord> versions = new java.util.ArrayList<>();
        for (int i = 0; i < secondsAndAccuracy.length; i += 2) {
            versions.add(new VersionRecord(secondsAndAccuracy[i], versions.size() + 1, secondsAndAccuracy[i + 1], 0.5,
                    3, 1.0));
            versions.add(new VersionRecord(secondsAndAccuracy[i] + 0.5, versions.size() + 1, Double.NaN, Double.NaN,
                    3, 1.0));
        }
        return new RunResult("r", versions, end, "MAX_TIME");
    }

    @Test
    void aRunsAccuracyAtATimeIsItsNewestEvaluatedVersionByThen() {
        RunResult run = run(30, 2, 0.4, 10, 0.7, 20, 0.8);

        assertThat(MeanCurve.accuracyAt(run, 1.9)).as("before the first evaluation").isNaN();
        assertThat(MeanCurve.accuracyAt(run, 2)).isEqualTo(0.4);
        assertThat(MeanCurve.accuracyAt(run, 10.6)).as("the unevaluated version 4 does not count").isEqualTo(0.7);
        assertThat(MeanCurve.accuracyAt(run, 100)).as("a finished run keeps its last model").isEqualTo(0.8);
    }

    @Test
    void threeRepeatsGetTheMeanWithAStudentTBand() {
        List<RunResult> runs = List.of(run(10, 1, 0.5), run(10, 2, 0.6), run(10, 4, 0.7));

        MeanCurve curve = MeanCurve.of("asyn2f", runs, 10, 11);

        assertThat(curve.band()).isEqualTo(MeanCurve.Band.T_INTERVAL);
        // Grid 0, 1, ..., 10: only from 4 s on has every repeat an evaluated version.
        assertThat(curve.points()).extracting(MeanCurve.Point::seconds).containsExactly(4.0, 5.0, 6.0, 7.0, 8.0, 9.0,
                10.0);
        MeanCurve.Point first = curve.points().get(0);
        // mean 0.6, sample sd 0.1, n 3: half-width 4.303 * 0.1 / sqrt(3) = 0.24844
        assertThat(first.mean()).isCloseTo(0.6, within(1e-12));
        assertThat(first.high() - first.mean()).isCloseTo(0.24844, within(1e-5));
        assertThat(first.mean() - first.low()).isCloseTo(4.303 * 0.1 / Math.sqrt(3), within(1e-12));
        assertThat(curve.finalMean()).isCloseTo(0.6, within(1e-12));
        assertThat(curve.legend()).isEqualTo("asyn2f (3 runs, 0.600)");
    }

    @Test
    void twoRepeatsGetTheirRangeAndOneRunNoBand() {
        MeanCurve two = MeanCurve.of("fedavg", List.of(run(8, 0, 0.5, 6, 0.9), run(8, 0, 0.7)), 8, 5);

        assertThat(two.band()).isEqualTo(MeanCurve.Band.RANGE);
        assertThat(two.points()).hasSize(5);
        assertThat(two.points().get(0)).isEqualTo(new MeanCurve.Point(0, 0.6, 0.5, 0.7));
        // At 6 s: 0.9 and 0.7.
        MeanCurve.Point late = two.points().get(3);
        assertThat(late.seconds()).isEqualTo(6.0);
        assertThat(late.mean()).isCloseTo(0.8, within(1e-12));
        assertThat(late.low()).isEqualTo(0.7);
        assertThat(late.high()).isEqualTo(0.9);

        MeanCurve shorter = MeanCurve.of("fedavg", List.of(run(8, 0, 0.5, 6, 0.9), run(5, 0, 0.7)), 20, 11);
        assertThat(shorter.points()).extracting(MeanCurve.Point::seconds).as("until the longest run, 8 s, ended")
                .containsExactly(0.0, 2.0, 4.0, 6.0, 8.0);
        assertThat(shorter.points().get(4)).as("the shorter run keeps its last model")
                .isEqualTo(new MeanCurve.Point(8, 0.8, 0.7, 0.9));

        MeanCurve one = MeanCurve.of("kafl", List.of(run(4, 1, 0.3)), 4, 5);
        assertThat(one.band()).isEqualTo(MeanCurve.Band.NONE);
        assertThat(one.points()).allSatisfy(p -> assertThat(p.low()).isEqualTo(p.high()).isEqualTo(0.3));
        assertThat(MeanCurve.of("none", List.of(), 4, 5).points()).isEmpty();
        assertThatThrownBy(() -> MeanCurve.of("x", List.of(), 4, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMeanChartDrawsEachStrategysLineAndBand() throws IOException {
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        byStrategy.put("asyn2f", List.of(run(40, 2, 0.5, 20, 0.80), run(40, 3, 0.55, 25, 0.84),
                run(40, 2, 0.45, 30, 0.86)));
        byStrategy.put("fedavg", List.of(run(40, 5, 0.4, 35, 0.7), run(40, 6, 0.5, 30, 0.75),
                run(40, 4, 0.45, 32, 0.72)));
        Path png = folder.resolve("accuracy.png");

        AccuracyChart.writeMeans(png, "means", byStrategy, 0.85);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(countPixels(image, 0x1f77b4, 0)).as("asyn2f mean line").isGreaterThan(50);
        assertThat(countPixels(image, 0xd62728, 0)).as("fedavg mean line").isGreaterThan(50);
        assertThat(countPixels(image, overWhite(0x1f77b4), 2)).as("asyn2f band").isGreaterThan(500);
        assertThat(countPixels(image, overWhite(0xd62728), 2)).as("fedavg band").isGreaterThan(500);
    }

    /** The colour a band of {@code rgb} at the chart's alpha gives over white. */
    private static int overWhite(int rgb) {
        double alpha = AccuracyChart.BAND_ALPHA / 255.0;
        int result = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int channel = (rgb >> shift) & 0xff;
            result = (result << 8) | (int) Math.round(255 + (channel - 255) * alpha);
        }
        return result;
    }

    private static int countPixels(BufferedImage image, int rgb, int tolerance) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int pixel = image.getRGB(x, y);
                boolean close = true;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    close &= Math.abs(((pixel >> shift) & 0xff) - ((rgb >> shift) & 0xff)) <= tolerance;
                }
                if (close) {
                    count++;
                }
            }
        }
        return count;
    }
}
