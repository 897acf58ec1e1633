package io.asyn2f.core.merge;

/**
 * What a worker does with a newer global model: called right after the first mini-batch step that follows its
 * arrival, with the weights before ({@code previous}) and after ({@code current}) that step.
 */
public interface WorkerMerge {

    /** Stable name, e.g. {@code asyn2f} or {@code replace}. */
    String name();

    /**
     * Writes the merged weights into {@code out}, which may be {@code current} itself.
     *
     * @throws IllegalArgumentException if the vectors differ in length
     */
    void mergeInto(float[] previous, float[] current, GlobalSnapshot global, LocalState local, float[] out);

    /** Returns the merged weights in a new array. */
    default float[] merge(float[] previous, float[] current, GlobalSnapshot global, LocalState local) {
        float[] out = new float[current.length];
        mergeInto(previous, current, global, local, out);
        return out;
    }

    static void checkLengths(float[] previous, float[] current, float[] global, float[] out) {
        int n = current.length;
        if (previous.length != n || global.length != n || out.length != n) {
            throw new IllegalArgumentException("vectors differ in length: previous " + previous.length + ", current "
                    + n + ", global " + global.length + ", out " + out.length);
        }
    }
}
