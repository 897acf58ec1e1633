package io.asyn2f.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTests {

    @TempDir
    Path folder;

    @Test
    void shouldReadLabelFirstWithHeader() throws IOException {
        Path file = write("label,a,b\n1,0.5,2\n\n0,-1,3.25\n2,0,0\n");

        LabeledDataset data = CsvReader.labelFirst().read(file);

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.classes()).isEqualTo(3);
        assertThat(data.featureCount()).isEqualTo(2);
        assertThat(data.labels()).containsExactly(1, 0, 2);
        assertThat(data.features()).containsExactly(0.5f, 2f, -1f, 3.25f, 0f, 0f);
    }

    @Test
    void shouldReadTheLabelFromTheLastColumnWithAnotherDelimiter() throws IOException {
        Path file = write("1;2;4\n3;4;1\n");

        LabeledDataset data = new CsvReader(-1, ';', 5).read(file);

        assertThat(data.labels()).containsExactly(4, 1);
        assertThat(data.classes()).isEqualTo(5);
        assertThat(data.features()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void shouldNameLineAndColumnOfBadValues() throws IOException {
        assertThatThrownBy(() -> CsvReader.labelFirst().read(write("1,2\n1.5,3\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(":2: label '1.5' in column 0");
        assertThatThrownBy(() -> CsvReader.labelFirst().read(write("1,2\n0,x\n")))
                .hasMessageContaining(":2: feature 'x' in column 1");
        assertThatThrownBy(() -> CsvReader.labelFirst().read(write("1,2\n0,1,2\n")))
                .hasMessageContaining(":2: 3 columns, the first row had 2");
        assertThatThrownBy(() -> new CsvReader(0, ',', 2).read(write("1,2\n2,1\n")))
                .hasMessageContaining("label 2 is outside 0..1");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(folder, "data", ".csv");
        Files.writeString(file, content);
        return file;
    }
}
