package io.asyn2f.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PartitionerTests {

    private static final int CLASSES = 10;
    private static final int[] LABELS = labels(5000);

    @Test
    void shouldSplitIidIntoDisjointCoveringEqualParts() {
        int[][] parts = Partitioner.iid(7, 1).split(LABELS, CLASSES);

        assertDisjointAndCovering(parts, LABELS.length);
        assertThat(Arrays.stream(parts).mapToInt(p -> p.length)).allMatch(n -> n == 714 || n == 715);
    }

    @Test
    void shouldGiveEveryWorkerTheSamePartForTheSameSeedAndAnotherForAnotherSeed() {
        Partitioner partitioner = Partitioner.dirichlet(5, 0.5, 42);

        assertThat(partitioner.split(LABELS, CLASSES)).isDeepEqualTo(Partitioner.dirichlet(5, 0.5, 42)
                .split(LABELS, CLASSES));
        assertThat(Partitioner.iid(5, 1).split(LABELS, CLASSES)).isDeepEqualTo(Partitioner.iid(5, 1)
                .split(LABELS, CLASSES));
        assertThat(Partitioner.iid(5, 1).split(LABELS, CLASSES)[0])
                .isNotEqualTo(Partitioner.iid(5, 2).split(LABELS, CLASSES)[0]);
    }

    @Test
    void shouldHonourExplicitFractions() {
        int[][] parts = Partitioner.iid(3, 1).withFractions(0.5, 0.3, 0.2).split(LABELS, CLASSES);

        assertDisjointAndCovering(parts, LABELS.length);
        assertThat(Arrays.stream(parts).mapToInt(p -> p.length).toArray()).containsExactly(2500, 1500, 1000);
    }

    @Test
    void shouldLeaveTheRestUnusedWhenFractionsSumBelowOne() {
        int[][] parts = Partitioner.iid(2, 1).withFractions(0.2, 0.1).split(LABELS, CLASSES);

        assertThat(parts[0]).hasSize(1000);
        assertThat(parts[1]).hasSize(500);
        assertThat(Arrays.stream(parts[0]).filter(i -> Arrays.binarySearch(parts[1], i) >= 0)).isEmpty();
    }

    @Test
    void shouldSkewLabelsMoreTheSmallerTheDirichletAlpha() {
        int[][] skewed = Partitioner.dirichlet(10, 0.1, 3).split(LABELS, CLASSES);
        int[][] mild = Partitioner.dirichlet(10, 100, 3).split(LABELS, CLASSES);

        assertDisjointAndCovering(skewed, LABELS.length);
        assertDisjointAndCovering(mild, LABELS.length);
        // Mean total-variation distance between a worker's label distribution and the global (uniform) one.
        assertThat(meanLabelSkew(skewed)).isGreaterThan(0.5);
        assertThat(meanLabelSkew(mild)).isLessThan(0.1);
        assertThat(meanLabelSkew(Partitioner.iid(10, 3).split(LABELS, CLASSES))).isLessThan(0.1);
    }

    @Test
    void shouldGiveEachWorkerFewLabelsWithShards() {
        int[][] parts = Partitioner.shards(10, 2, 9).split(LABELS, CLASSES);

        assertDisjointAndCovering(parts, LABELS.length);
        for (int[] part : parts) {
            assertThat(part).hasSize(500);
            assertThat(Arrays.stream(part).map(i -> LABELS[i]).distinct().count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void shouldSizeShardsByFraction() {
        int[][] parts = Partitioner.shards(2, 5, 9).withFractions(0.8, 0.2).split(LABELS, CLASSES);

        assertDisjointAndCovering(parts, LABELS.length);
        assertThat(parts[0]).hasSize(4000);
        assertThat(parts[1]).hasSize(1000);
    }

    @Test
    void shouldCutAWorkersPartOutOfTheDataset() {
        LabeledDataset data = SyntheticClassification.generate(100, 3, 4, 2.0, 1);

        LabeledDataset part = Partitioner.iid(4, 1).partition(data, 2);

        assertThat(part.size()).isEqualTo(25);
        int first = Partitioner.iid(4, 1).split(data.labels(), 4)[2][0];
        assertThat(Arrays.copyOf(part.features(), 3)).containsExactly(
                Arrays.copyOfRange(data.features(), first * 3, first * 3 + 3));
    }

    @Test
    void shouldRefuseBadSettings() {
        assertThatThrownBy(() -> Partitioner.iid(2, 1).withFractions(0.7, 0.4))
                .hasMessageContaining("sum to");
        assertThatThrownBy(() -> Partitioner.iid(2, 1).withFractions(1.0))
                .hasMessageContaining("1 fractions for 2 workers");
        assertThatThrownBy(() -> Partitioner.dirichlet(2, 0, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> Partitioner.iid(3, 1).partition(SyntheticClassification.generate(9, 1, 2, 1, 1), 3))
                .hasMessageContaining("worker index 3");
    }

    @Test
    void shouldGenerateSeededBalancedClusters() {
        LabeledDataset a = SyntheticClassification.generate(40, 5, 4, 2.0, 7);

        assertThat(a.features()).containsExactly(SyntheticClassification.generate(40, 5, 4, 2.0, 7).features());
        assertThat(a.classCounts()).containsExactly(10, 10, 10, 10);
    }

    private static double meanLabelSkew(int[][] parts) {
        double total = 0;
        for (int[] part : parts) {
            int[] counts = new int[CLASSES];
            Arrays.stream(part).forEach(i -> counts[LABELS[i]]++);
            double distance = 0;
            for (int c = 0; c < CLASSES; c++) {
                distance += Math.abs((double) counts[c] / part.length - 1.0 / CLASSES);
            }
            total += distance / 2;
        }
        return total / parts.length;
    }

    private static void assertDisjointAndCovering(int[][] parts, int n) {
        Set<Integer> seen = new HashSet<>();
        for (int[] part : parts) {
            for (int index : part) {
                assertThat(seen.add(index)).as("index %d in two parts", index).isTrue();
            }
        }
        assertThat(seen).hasSize(n);
    }

    private static int[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
        }
        return labels;
    }
}
