package io.asyn2f.api.random;

import java.util.SplittableRandom;

/**
 * Standard normal draws (Box-Muller) from a seeded {@link SplittableRandom}: the same seed gives the same numbers on
 * every JDK, which {@code Random.nextGaussian} does not promise. Used for initial weights, synthetic data and
 * Dirichlet partitions, so runs are reproducible across machines.
 */
public final class StandardNormal {

    private StandardNormal() {
    }

    public static double sample(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
