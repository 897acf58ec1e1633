package io.asyn2f.api.catalogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.asyn2f.api.catalogue.ParameterSegment.Init;

/**
 * The architectures a session can train, shared by the aggregator (version 0, checking updates) and the worker
 * (building the DL4J network). Two families:
 *
 * <ul>
 *   <li>{@code mlp:784-128-10}: dense layers with ReLU, softmax output; the numbers are the layer widths from input
 *       to classes. Per layer the vector holds weights ({@code nIn*nOut}) then biases ({@code nOut}), DL4J's order
 *       for dense and output layers.</li>
 *   <li>{@code cnn:28x28x1-16-32-128-10}: input height x width x channels, two 5x5 convolutions (stride 1, no
 *       padding) with the given channels each followed by 2x2 max pooling, a dense layer, and the classes. For
 *       convolutions DL4J stores the biases first, then the weights; the vector follows that.</li>
 * </ul>
 */
public final class ModelCatalogue {

    /** The default MLP: 784-128-10, 101,770 parameters. */
    public static final String MLP_DEFAULT = "mlp:784-128-10";

    /** The small CNN for 28x28 grey images: 80,202 parameters (too slow for CI on CPU; for GPU demos). */
    public static final String CNN_SMALL = "cnn:28x28x1-16-32-128-10";

    private static final Pattern MLP = Pattern.compile("mlp:(\\d+(?:-\\d+)+)");
    private static final Pattern CNN = Pattern.compile("cnn:(\\d+)x(\\d+)x(\\d+)-(\\d+)-(\\d+)-(\\d+)-(\\d+)");
    private static final int KERNEL = 5;
    private static final int POOL = 2;
    private static final int MAX_WIDTH = 1 << 16;
    /** The largest Java array: a model's parameters are one {@code float[]}. */
    private static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private ModelCatalogue() {
    }

    /** The architecture a descriptor names, or an {@link IllegalArgumentException} that says what is accepted. */
    public static ModelArchitecture resolve(String descriptor) {
        Segments segments = new Segments();
        Shape shape = walk(descriptor, segments);
        return new ModelArchitecture(shape.descriptor(), shape.inputs(), shape.classes(), segments.list);
    }

    /**
     * How many parameters the architecture a descriptor names has, computed without building it (so a service can
     * refuse a model too large to hold before allocating anything); exact, never wrapped around. Refuses what
     * {@link #resolve} refuses, except a model too large for one vector, whose count is still returned.
     */
    public static long parameterCount(String descriptor) {
        Count count = new Count();
        walk(descriptor, count);
        return count.total;
    }

    /** A dense network with these layer widths, input first, classes last. */
    public static ModelArchitecture mlp(int... widths) {
        Segments segments = new Segments();
        Shape shape = mlp(widths, segments);
        return new ModelArchitecture(shape.descriptor(), shape.inputs(), shape.classes(), segments.list);
    }

    static ModelArchitecture cnn(int height, int width, int channels, int conv1, int conv2, int dense, int classes) {
        Segments segments = new Segments();
        Shape shape = cnn(height, width, channels, conv1, conv2, dense, classes, segments);
        return new ModelArchitecture(shape.descriptor(), shape.inputs(), shape.classes(), segments.list);
    }

    private static Shape walk(String descriptor, LayerSink sink) {
        if (descriptor == null) {
            throw new IllegalArgumentException("a model architecture is required");
        }
        Matcher mlp = MLP.matcher(descriptor);
        if (mlp.matches()) {
            return mlp(Arrays.stream(mlp.group(1).split("-")).mapToInt(ModelCatalogue::width).toArray(), sink);
        }
        Matcher cnn = CNN.matcher(descriptor);
        if (cnn.matches()) {
            int[] n = new int[7];
            for (int i = 0; i < n.length; i++) {
                n[i] = width(cnn.group(i + 1));
            }
            return cnn(n[0], n[1], n[2], n[3], n[4], n[5], n[6], sink);
        }
        throw new IllegalArgumentException("unknown model architecture '" + descriptor
                + "'; expected mlp:<in>-<hidden>...-<classes> (e.g. " + MLP_DEFAULT + ") or "
                + "cnn:<h>x<w>x<c>-<conv1>-<conv2>-<dense>-<classes> (e.g. " + CNN_SMALL + ")");
    }

    private static Shape mlp(int[] widths, LayerSink sink) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output width");
        }
        for (int layer = 0; layer + 1 < widths.length; layer++) {
            dense(sink, layer, widths[layer], widths[layer + 1]);
        }
        String descriptor = "mlp:" + String.join("-", Arrays.stream(widths).mapToObj(Integer::toString).toList());
        return new Shape(descriptor, widths[0], widths[widths.length - 1]);
    }

    private static Shape cnn(int height, int width, int channels, int conv1, int conv2, int dense, int classes,
            LayerSink sink) {
        convolution(sink, 0, channels, conv1);
        int h = pooled(height, 2);
        int w = pooled(width, 2);
        convolution(sink, 2, conv1, conv2);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("input " + height + "x" + width + " is too small for two 5x5 convolutions");
        }
        dense(sink, 4, exact(() -> Math.toIntExact((long) h * w * conv2)), dense);
        dense(sink, 5, dense, classes);
        String descriptor = "cnn:" + height + "x" + width + "x" + channels + "-" + conv1 + "-" + conv2 + "-" + dense
                + "-" + classes;
        return new Shape(descriptor, exact(() -> Math.toIntExact((long) height * width * channels)), classes);
    }

    private static int pooled(int size, int convolutions) {
        for (int i = 0; i < convolutions; i++) {
            size = (size - KERNEL + 1) / POOL;
        }
        return size;
    }

    private static void dense(LayerSink sink, int layer, int in, int out) {
        sink.add(layer + "_W", Math.multiplyExact((long) in, out), in, out, Init.XAVIER);
        sink.add(layer + "_b", out, in, out, Init.ZERO);
    }

    private static void convolution(LayerSink sink, int layer, int in, int out) {
        int fanIn = in * KERNEL * KERNEL;
        int fanOut = out * KERNEL * KERNEL;
        sink.add(layer + "_b", out, fanIn, fanOut, Init.ZERO);
        sink.add(layer + "_W", Math.multiplyExact((long) out, fanIn), fanIn, fanOut, Init.XAVIER);
    }

    private static int exact(java.util.function.IntSupplier value) {
        try {
            return value.getAsInt();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the architecture's sizes overflow");
        }
    }

    /** What the walk over a descriptor produces besides its segments. */
    private record Shape(String descriptor, int inputs, int classes) {
    }

    /** Receives the segments of an architecture in order; sizes are longs, so counting never wraps around. */
    private interface LayerSink {
        void add(String name, long size, int fanIn, int fanOut, Init init);
    }

    private static final class Count implements LayerSink {
        private long total;

        @Override
        public void add(String name, long size, int fanIn, int fanOut, Init init) {
            try {
                total = Math.addExact(total, size);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the architecture's parameter count overflows");
            }
        }
    }

    private static final class Segments implements LayerSink {
        private final List<ParameterSegment> list = new ArrayList<>();
        private long total;

        @Override
        public void add(String name, long size, int fanIn, int fanOut, Init init) {
            total += size;
            if (size > MAX_PARAMETERS || total > MAX_PARAMETERS) {
                throw new IllegalArgumentException("the architecture has more than " + MAX_PARAMETERS
                        + " parameters, more than one vector holds");
            }
            list.add(new ParameterSegment(name, (int) size, fanIn, fanOut, init));
        }
    }

    private static int width(String text) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer width '" + text + "' is not a number");
        }
        if (value < 1 || value > MAX_WIDTH) {
            throw new IllegalArgumentException("layer width " + value + " is outside 1.." + MAX_WIDTH);
        }
        return value;
    }
}
