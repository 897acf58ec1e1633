package io.asyn2f.api.catalogue;

/**
 * A contiguous run of the flat parameter vector: one weight matrix or bias vector of one layer.
 *
 * @param name   e.g. {@code 0_W} (layer 0 weights) or {@code 0_b}
 * @param size   number of parameters
 * @param fanIn  inputs per unit, for initialisation
 * @param fanOut outputs per unit, for initialisation
 * @param init   how the segment starts
 */
public record ParameterSegment(String name, int size, int fanIn, int fanOut, Init init) {

    /** Initial values of a segment. */
    public enum Init {
        /** Normal with mean 0 and variance 2 / (fanIn + fanOut) (Glorot), as DL4J's {@code XAVIER}. */
        XAVIER,
        /** All zero (biases). */
        ZERO
    }

    public ParameterSegment {
        if (size <= 0 || fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("segment " + name + " needs positive size and fans");
        }
    }
}
