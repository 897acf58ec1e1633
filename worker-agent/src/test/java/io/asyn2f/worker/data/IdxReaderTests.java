package io.asyn2f.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTests {

    @TempDir
    Path folder;

    @Test
    void shouldReadGzippedImagesAndLabels() throws IOException {
        write(folder.resolve("train-images-idx3-ubyte.gz"), images(3, 2, 2, 0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8),
                true);
        write(folder.resolve("train-labels-idx1-ubyte.gz"), labels(3, 7, 0, 9), true);

        LabeledDataset data = IdxReader.readSplit(folder, "train", 10);

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.featureCount()).isEqualTo(4);
        assertThat(data.labels()).containsExactly(7, 0, 9);
        assertThat(data.features()[0]).isEqualTo(0f);
        assertThat(data.features()[1]).isEqualTo(1f);
        assertThat(data.features()[2]).isEqualTo(0.2f);
        assertThat(data.features()[3]).isEqualTo(0.4f);
    }

    @Test
    void shouldReadRawFilesWithTheOriginalMnistNames() throws IOException {
        write(folder.resolve("t10k-images.idx3-ubyte"), images(2, 1, 3, 10, 20, 30, 40, 50, 60), false);
        write(folder.resolve("t10k-labels.idx1-ubyte"), labels(2, 1, 2), false);

        LabeledDataset data = IdxReader.readSplit(folder, "t10k", 3);

        assertThat(data.size()).isEqualTo(2);
        assertThat(data.featureCount()).isEqualTo(3);
        assertThat(data.labels()).containsExactly(1, 2);
        assertThat(data.features()[5]).isEqualTo(60 / 255f);
    }

    @Test
    void shouldRecogniseGzipByContentNotByName() throws IOException {
        Path images = folder.resolve("a");
        Path labels = folder.resolve("b");
        write(images, images(1, 1, 1, 128), true);
        write(labels, labels(1, 4), false);

        assertThat(IdxReader.read(images, labels, 10).labels()).containsExactly(4);
    }

    @Test
    void shouldRefuseSwappedFiles() throws IOException {
        Path images = folder.resolve("images");
        Path labels = folder.resolve("labels");
        write(images, images(1, 1, 1, 1), false);
        write(labels, labels(1, 1), false);

        assertThatThrownBy(() -> IdxReader.read(labels, images, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("is not an IDX images file")
                .hasMessageContaining("swapped");
    }

    @Test
    void shouldRefuseTruncatedImages() throws IOException {
        Path images = folder.resolve("images");
        Path labels = folder.resolve("labels");
        write(images, images(2, 2, 2, 1, 2, 3, 4, 5), false);
        write(labels, labels(2, 1, 1), false);

        assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("truncated, 5 of 8 pixel bytes");
    }

    @Test
    void shouldRefuseCountMismatchExtraBytesAndOutOfRangeLabels() throws IOException {
        Path images = folder.resolve("images");
        write(images, images(2, 1, 1, 1, 2), false);
        Path threeLabels = folder.resolve("three");
        write(threeLabels, labels(3, 1, 1, 1), false);
        Path trailing = folder.resolve("trailing");
        byte[] withExtra = labels(2, 1, 1);
        write(trailing, java.util.Arrays.copyOf(withExtra, withExtra.length + 1), false);
        Path tooLarge = folder.resolve("large");
        write(tooLarge, labels(2, 1, 10), false);

        assertThatThrownBy(() -> IdxReader.read(images, threeLabels, 10)).hasMessageContaining("holds 3 labels but");
        assertThatThrownBy(() -> IdxReader.read(images, trailing, 10)).hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> IdxReader.read(images, tooLarge, 10)).hasMessageContaining("label 10 at index 1");
    }

    @Test
    void shouldNameTheMissingFile() {
        assertThatThrownBy(() -> IdxReader.readSplit(folder, "train", 10))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("train-images-idx3-ubyte");
    }

    static byte[] images(int count, int rows, int columns, int... pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int pixel : pixels) {
            out.writeByte(pixel);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int count, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(count);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    static void write(Path path, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
            out.write(content);
        }
    }
}
