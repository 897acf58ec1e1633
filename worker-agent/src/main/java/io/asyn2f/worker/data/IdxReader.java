package io.asyn2f.worker.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an images file (magic 2051, count, rows, columns, then one
 * unsigned byte per pixel) and a labels file (magic 2049, count, one unsigned byte per label). Files may be gzipped
 * or not; gzip is recognised by its magic bytes, not by the name. Pixels are scaled to [0, 1].
 */
public final class IdxReader {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the data. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_DIMENSION = 1 << 14;

    private IdxReader() {
    }

    /**
     * Reads split {@code train} or {@code t10k} (any prefix) from a folder, accepting the usual names:
     * {@code <split>-images-idx3-ubyte[.gz]} / {@code <split>-labels-idx1-ubyte[.gz]} and
     * {@code <split>-images.idx3-ubyte} / {@code <split>-labels.idx1-ubyte}.
     *
     * @param classes the number of classes (10 for MNIST and Fashion-MNIST)
     */
    public static LabeledDataset readSplit(Path folder, String split, int classes) throws IOException {
        Path images = find(folder, List.of(split + "-images-idx3-ubyte", split + "-images.idx3-ubyte"));
        Path labels = find(folder, List.of(split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte"));
        return read(images, labels, classes);
    }

    /** Reads an images file and a labels file that belong together. */
    public static LabeledDataset read(Path images, Path labels, int classes) throws IOException {
        float[] pixels;
        int count;
        int featureCount;
        try (DataInputStream in = open(images)) {
            int magic = readInt(in, images, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(images + ": magic number " + magic + " is not an IDX images file ("
                        + IMAGES_MAGIC + ", unsigned bytes, 3 dimensions)" + hint(magic));
            }
            count = dimension(in, images, "image count", Integer.MAX_VALUE);
            int rows = dimension(in, images, "rows", MAX_DIMENSION);
            int columns = dimension(in, images, "columns", MAX_DIMENSION);
            featureCount = Math.multiplyExact(rows, columns);
            pixels = new float[Math.multiplyExact(count, featureCount)];
            byte[] buffer = new byte[Math.max(featureCount, 1) * 64];
            int done = 0;
            while (done < pixels.length) {
                int wanted = Math.min(buffer.length, pixels.length - done);
                int got = in.readNBytes(buffer, 0, wanted);
                if (got < wanted) {
                    throw new DataFormatException(images + ": truncated, " + (done + got) + " of " + pixels.length
                            + " pixel bytes for " + count + " images of " + rows + "x" + columns);
                }
                for (int i = 0; i < got; i++) {
                    pixels[done + i] = (buffer[i] & 0xff) / 255f;
                }
                done += got;
            }
            requireEnd(in, images);
        }
        int[] labelValues;
        try (DataInputStream in = open(labels)) {
            int magic = readInt(in, labels, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(labels + ": magic number " + magic + " is not an IDX labels file ("
                        + LABELS_MAGIC + ", unsigned bytes, 1 dimension)" + hint(magic));
            }
            int labelCount = dimension(in, labels, "label count", Integer.MAX_VALUE);
            if (labelCount != count) {
                throw new DataFormatException(labels + " holds " + labelCount + " labels but " + images + " holds "
                        + count + " images");
            }
            byte[] raw = in.readNBytes(labelCount);
            if (raw.length < labelCount) {
                throw new DataFormatException(labels + ": truncated, " + raw.length + " of " + labelCount + " labels");
            }
            requireEnd(in, labels);
            labelValues = new int[labelCount];
            for (int i = 0; i < labelCount; i++) {
                labelValues[i] = raw[i] & 0xff;
                if (labelValues[i] >= classes) {
                    throw new DataFormatException(labels + ": label " + labelValues[i] + " at index " + i
                            + " is outside 0.." + (classes - 1));
                }
            }
        }
        return new LabeledDataset(pixels, labelValues, featureCount, classes);
    }

    private static Path find(Path folder, List<String> names) throws IOException {
        for (String name : names) {
            for (String candidate : List.of(name + ".gz", name)) {
                Path path = folder.resolve(candidate);
                if (Files.isRegularFile(path)) {
                    return path;
                }
            }
        }
        throw new NoSuchFileException(folder.resolve(names.get(0)) + "[.gz]",
                null, "no IDX file named " + names + " (optionally .gz) in " + folder);
    }

    /** Opens a file, transparently gunzipping it when it starts with the gzip magic bytes. */
    static DataInputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static int readInt(DataInputStream in, Path path, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(path + ": file ends before the " + what);
        }
    }

    private static int dimension(DataInputStream in, Path path, String what, int max) throws IOException {
        int value = readInt(in, path, what);
        if (value < 0 || value > max) {
            throw new DataFormatException(path + ": " + what + " " + Integer.toUnsignedString(value)
                    + " is outside 0.." + max);
        }
        return value;
    }

    private static void requireEnd(InputStream in, Path path) throws IOException {
        if (in.read() != -1) {
            throw new DataFormatException(path + ": unexpected bytes after the declared data");
        }
    }

    private static String hint(int magic) {
        if (magic == IMAGES_MAGIC) {
            return " (this is an images file; were images and labels swapped?)";
        }
        if (magic == LABELS_MAGIC) {
            return " (this is a labels file; were images and labels swapped?)";
        }
        return "";
    }
}
