package io.asyn2f.standalone.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsOutputTests {

    private static final RunResult ASYN2F = new RunResult("asyn2f", List.of(
            new VersionRecord(2.5, 1, 0.41, 1.7, 3, 1.0),
            new VersionRecord(4.0, 2, Double.NaN, Double.NaN, 3, 1.33),
            new VersionRecord(6.0, 3, 0.78, 0.6, 4, 1.5),
            new VersionRecord(9.0, 4, 0.82, 0.5, 3, 1.0)), 9.5, "TARGET_ACCURACY");
    private static final RunResult FEDAVG = new RunResult("fedavg", List.of(
            new VersionRecord(5.0, 1, 0.35, 1.9, 5, 1.0),
            new VersionRecord(12.0, 2, 0.70, 0.9, 5, 1.0)), 20, "MAX_TIME");

    @TempDir
    Path folder;

    @Test
    void csvHasAHeaderAndOneRowPerVersionWithEmptyCellsWhereNotEvaluated() throws IOException {
        Path csv = folder.resolve("versions.csv");

        ResultsWriter.writeCsv(csv, ASYN2F);

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(ResultsWriter.CSV_HEADER);
        assertThat(lines.get(1)).isEqualTo("2.500,1,0.41000,1.70000,3,1.000");
        assertThat(lines.get(2)).isEqualTo("4.000,2,,,3,1.330");
    }

    @Test
    void summaryReportsFinalBestAndTimeToTarget() throws IOException {
        Path json = folder.resolve("summary.json");

        ResultsWriter.writeSummary(json, ASYN2F, Map.of("workers", 5), 0.8);

        String text = Files.readString(json);
        assertThat(text).contains("\"finalAccuracy\" : 0.82").contains("\"secondsToTarget\" : 9.0")
                .contains("\"finalVersion\" : 4").contains("\"workers\" : 5");
        assertThat(ASYN2F.timeToAccuracy(0.9)).isEmpty();
    }

    @Test
    void comparisonTableHasOneLinePerStrategy() {
        String table = ResultsWriter.comparisonTable(List.of(ASYN2F, FEDAVG), 0.8);

        assertThat(table.lines()).hasSize(3);
        assertThat(table).contains("asyn2f").contains("0.8200").contains("9s").contains("not reached");
    }

    @Test
    void chartIsAReadablePngWithEveryRunDrawn() throws IOException {
        Path png = folder.resolve("accuracy.png");

        AccuracyChart.write(png, "Fashion-MNIST, 5 workers", List.of(ASYN2F, FEDAVG), 0.8);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(960);
        assertThat(countPixels(image, 0x1f77b4)).as("asyn2f line pixels").isGreaterThan(50);
        assertThat(countPixels(image, 0xd62728)).as("fedavg line pixels").isGreaterThan(50);
    }

    @Test
    void accuracyAxisHugsTheCurvesAndTheTarget() {
        assertThat(AccuracyChart.accuracyRange(List.of(ASYN2F, FEDAVG), 0.8)).containsExactly(0.3, 0.85);
        assertThat(AccuracyChart.accuracyRange(List.of(), 0.8)).containsExactly(0.0, 1.0);
        assertThat(AccuracyChart.accuracyRange(List.of(new RunResult("none", List.of(), 1, "MAX_TIME")), 0))
                .containsExactly(0.0, 1.0);
    }

    @Test
    void axisEndsOnANiceNumber() {
        assertThat(AccuracyChart.niceCeiling(9.5)).isEqualTo(10);
        assertThat(AccuracyChart.niceCeiling(123)).isEqualTo(200);
        assertThat(AccuracyChart.niceCeiling(401)).isEqualTo(500);
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
