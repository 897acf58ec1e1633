package io.asyn2f.api.catalogue;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.asyn2f.api.model.ArchitectureFingerprint;
import io.asyn2f.api.random.StandardNormal;

/**
 * A network architecture from the catalogue, described without any deep-learning framework: its canonical
 * descriptor (which names it on the wire and in blob headers), the layout of its flat parameter vector, and a
 * seeded initialisation. The worker builds the same network in DL4J and checks that the layouts agree.
 *
 * @param descriptor canonical text, e.g. {@code mlp:784-128-10}
 * @param inputs     number of input features (height x width x channels for images)
 * @param classes    number of output classes
 * @param segments   the parameter vector, in order
 */
public record ModelArchitecture(String descriptor, int inputs, int classes, List<ParameterSegment> segments) {

    public ModelArchitecture {
        Objects.requireNonNull(descriptor, "descriptor");
        segments = List.copyOf(segments);
    }

    public int parameterCount() {
        // The catalogue keeps the total within one array; addExact guards hand-built architectures.
        return segments.stream().mapToInt(ParameterSegment::size).reduce(0, Math::addExact);
    }

    public ArchitectureFingerprint fingerprint() {
        return ArchitectureFingerprint.of(descriptor);
    }

    /** The family, e.g. {@code mlp} or {@code cnn}. */
    public String family() {
        return descriptor.substring(0, descriptor.indexOf(':'));
    }

    /** Version 0 of a global model: weights drawn from {@code seed}, biases zero. Same seed, same vector. */
    public float[] initialParameters(long seed) {
        float[] parameters = new float[parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        int offset = 0;
        for (ParameterSegment segment : segments) {
            if (segment.init() == ParameterSegment.Init.XAVIER) {
                double std = Math.sqrt(2.0 / (segment.fanIn() + segment.fanOut()));
                for (int i = 0; i < segment.size(); i++) {
                    parameters[offset + i] = (float) (StandardNormal.sample(random) * std);
                }
            }
            offset += segment.size();
        }
        return parameters;
    }


    @Override
    public String toString() {
        return descriptor + " (" + parameterCount() + " parameters)";
    }
}
