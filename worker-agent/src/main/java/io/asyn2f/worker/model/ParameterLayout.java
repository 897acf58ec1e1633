package io.asyn2f.worker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ParameterSegment;

/**
 * Checks that a DL4J network lays out its flat parameter vector exactly as the catalogue says: the same segments
 * (DL4J {@code paramTable()} keys such as {@code 0_W}), in the same order, with the same sizes. A blob written by the
 * aggregator from the catalogue is then read by the worker without any reordering.
 */
public final class ParameterLayout {

    private ParameterLayout() {
    }

    /** The network's segments in {@code params()} order, as {@code name=size}. */
    public static List<String> describe(MultiLayerNetwork network) {
        List<String> segments = new ArrayList<>();
        for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
            segments.add(entry.getKey() + "=" + entry.getValue().length());
        }
        return segments;
    }

    /** The catalogue's segments, as {@code name=size}. */
    public static List<String> describe(ModelArchitecture architecture) {
        return architecture.segments().stream().map(s -> s.name() + "=" + s.size()).toList();
    }

    /** Every difference, or an empty list when the layouts agree. */
    public static List<String> mismatches(MultiLayerNetwork network, ModelArchitecture architecture) {
        List<String> problems = new ArrayList<>();
        if (network.numParams() != architecture.parameterCount()) {
            problems.add("parameter count: network " + network.numParams() + ", catalogue "
                    + architecture.parameterCount());
        }
        List<String> actual = describe(network);
        List<String> expected = describe(architecture);
        if (!actual.equals(expected)) {
            problems.add("segments: network " + actual + ", catalogue " + expected);
        }
        return problems;
    }

    /** Throws if the layouts differ, naming every difference. */
    public static void requireMatch(MultiLayerNetwork network, ModelArchitecture architecture) {
        List<String> problems = mismatches(network, architecture);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("DL4J network for " + architecture.descriptor()
                    + " does not match the catalogue layout: " + String.join("; ", problems));
        }
    }

    static int offsetOf(ModelArchitecture architecture, String segment) {
        int offset = 0;
        for (ParameterSegment s : architecture.segments()) {
            if (s.name().equals(segment)) {
                return offset;
            }
            offset += s.size();
        }
        throw new IllegalArgumentException("no segment " + segment + " in " + architecture);
    }
}
