package io.asyn2f.worker.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a table of numbers: one example per line, one column holds the integer class label, every other column a
 * feature. A first line that is not numeric is taken as a header and skipped. Blank lines are ignored. Errors name
 * the file, line and column.
 *
 * @param labelColumn column of the label (0-based; negative counts from the end, -1 = last)
 * @param delimiter   the column separator, e.g. {@code ','} or {@code ';'}
 * @param classes     the number of classes; 0 = one more than the largest label found
 */
public record CsvReader(int labelColumn, char delimiter, int classes) {

    /** Label in the first column, comma-separated, classes inferred. */
    public static CsvReader labelFirst() {
        return new CsvReader(0, ',', 0);
    }

    public CsvReader {
        if (classes < 0) {
            throw new IllegalArgumentException("classes must be >= 0, was " + classes);
        }
    }

    public LabeledDataset read(Path file) throws IOException {
        Pattern split = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int columns = -1;
        int maxLabel = -1;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split.split(line.strip(), -1);
                if (columns < 0 && rows.isEmpty() && !isNumber(cells[0].strip()) && lineNumber == 1) {
                    continue; // header
                }
                if (columns < 0) {
                    columns = cells.length;
                    if (columns < 2) {
                        throw new DataFormatException(file + ":" + lineNumber + ": need a label and at least one "
                                + "feature column, found " + columns + " column(s) (delimiter '" + delimiter + "')");
                    }
                } else if (cells.length != columns) {
                    throw new DataFormatException(file + ":" + lineNumber + ": " + cells.length + " columns, the first "
                            + "row had " + columns);
                }
                int labelIndex = labelColumn >= 0 ? labelColumn : columns + labelColumn;
                if (labelIndex < 0 || labelIndex >= columns) {
                    throw new DataFormatException(file + ": label column " + labelColumn + " does not exist in "
                            + columns + " columns");
                }
                float[] row = new float[columns - 1];
                int target = 0;
                for (int c = 0; c < columns; c++) {
                    String cell = cells[c].strip();
                    if (c == labelIndex) {
                        int label = parseLabel(cell, file, lineNumber, c);
                        labels.add(label);
                        maxLabel = Math.max(maxLabel, label);
                    } else {
                        row[target++] = parseFeature(cell, file, lineNumber, c);
                    }
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(file + ": no examples");
        }
        int classCount = classes > 0 ? classes : maxLabel + 1;
        if (maxLabel >= classCount) {
            throw new DataFormatException(file + ": label " + maxLabel + " is outside 0.." + (classCount - 1));
        }
        int featureCount = columns - 1;
        float[] features = new float[Math.multiplyExact(rows.size(), featureCount)];
        int[] labelArray = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * featureCount, featureCount);
            labelArray[i] = labels.get(i);
        }
        return new LabeledDataset(features, labelArray, featureCount, classCount);
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int parseLabel(String cell, Path file, int line, int column) throws DataFormatException {
        try {
            double value = Double.parseDouble(cell);
            if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ":" + line + ": label '" + cell + "' in column " + column
                    + " is not a non-negative integer");
        }
    }

    private static float parseFeature(String cell, Path file, int line, int column) throws DataFormatException {
        try {
            float value = Float.parseFloat(cell);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ":" + line + ": feature '" + cell + "' in column " + column
                    + " is not a finite number");
        }
    }
}
