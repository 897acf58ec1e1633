package io.asyn2f.benchmarks;

import java.util.SplittableRandom;

final class Vectors {

    private Vectors() {
    }

    static float[] random(SplittableRandom random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return vector;
    }
}
