package io.jkeras.data;

import io.jkeras.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Numeric rows of a CSV file as {@link Sample}s, read line by line on each pass (so a file
 * larger than memory streams). The label columns become the target, a float32 vector of their
 * values; the other columns (or those chosen with {@link #features}) become the input, a float32
 * vector in the order given.
 *
 * <pre>{@code
 * Dataset<Sample> ds = Dataset.fromCsv(Path.of("housing.csv")).labels("MEDV").batch(32);
 * // no header: columns by index
 * Dataset<Sample> iris = Dataset.fromCsv(path).header(false).labels(4).features(0, 1, 2, 3);
 * }</pre>
 *
 * Fields may be quoted with {@code "} ({@code ""} inside for a quote); a field may not span lines.
 * Empty fields and the {@link #naValue} string read as NaN. {@link #rows()} gives the raw fields
 * for other parsing.
 */
public final class CsvDataset extends Dataset<Sample> {
    private final Path file;
    private final boolean header;
    private final char separator;
    private final List<String> labelNames, featureNames;
    private final int[] labelIndices, featureIndices;
    private final String naValue;

    CsvDataset(Path file) { this(file, true, ',', List.of(), List.of(), null, null, null); }

    private CsvDataset(Path file, boolean header, char separator, List<String> labelNames, List<String> featureNames,
                       int[] labelIndices, int[] featureIndices, String naValue) {
        this.file = Objects.requireNonNull(file, "file");
        this.header = header;
        this.separator = separator;
        this.labelNames = labelNames;
        this.featureNames = featureNames;
        this.labelIndices = labelIndices;
        this.featureIndices = featureIndices;
        this.naValue = naValue;
    }

    /** Whether the first line names the columns (default true). */
    public CsvDataset header(boolean h) { return new CsvDataset(file, h, separator, labelNames, featureNames, labelIndices, featureIndices, naValue); }

    public CsvDataset separator(char sep) { return new CsvDataset(file, header, sep, labelNames, featureNames, labelIndices, featureIndices, naValue); }

    /** The label columns by header name. */
    public CsvDataset labels(String... names) { return new CsvDataset(file, header, separator, List.of(names), featureNames, null, featureIndices, naValue); }

    /** The label columns by 0-based index. */
    public CsvDataset labels(int... indices) { return new CsvDataset(file, header, separator, List.of(), featureNames, indices.clone(), featureIndices, naValue); }

    /** The feature columns by header name, in this order (default: every non-label column). */
    public CsvDataset features(String... names) { return new CsvDataset(file, header, separator, labelNames, List.of(names), labelIndices, null, naValue); }

    /** The feature columns by 0-based index, in this order. */
    public CsvDataset features(int... indices) { return new CsvDataset(file, header, separator, labelNames, List.of(), labelIndices, indices.clone(), naValue); }

    /** A string that marks a missing value (read as NaN), e.g. {@code "NA"} or {@code "?"}. */
    public CsvDataset naValue(String na) { return new CsvDataset(file, header, separator, labelNames, featureNames, labelIndices, featureIndices, na); }

    /** The header's column names (an empty list without a header). */
    public List<String> columnNames() {
        if (!header) return List.of();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? List.of() : List.of(split(line, separator, 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The raw fields of each data row (after the header, if any). */
    public Dataset<String[]> rows() {
        return Dataset.create(UNKNOWN, () -> new RowIterator(file, header, separator));
    }

    private static final class RowIterator extends AbstractDatasetIterator<String[]> {
        final BufferedReader reader;
        final char sep;
        int lineNo;

        RowIterator(Path file, boolean header, char sep) {
            this.sep = sep;
            try {
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                if (header) { reader.readLine(); lineNo++; }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open CSV file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override protected String[] computeNext() {
            try {
                String line;
                do {
                    line = reader.readLine();
                    lineNo++;
                    if (line == null) return endOfData();
                } while (line.isBlank());
                return split(line, sep, lineNo);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read CSV line " + lineNo + ": " + e.getMessage(), e);
            }
        }

        @Override protected void onClose() {
            try { reader.close(); } catch (IOException ignored) { }
        }
    }

    static String[] split(String line, char sep, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { sb.append('"'); i++; }
                    else quoted = false;
                } else sb.append(c);
            } else if (c == '"') quoted = true;
            else if (c == sep) { out.add(sb.toString()); sb.setLength(0); }
            else sb.append(c);
        }
        if (quoted) throw new IllegalArgumentException("CSV line " + lineNo + " has an unclosed quote: " + line);
        out.add(sb.toString());
        return out.toArray(new String[0]);
    }

    private int[][] resolve() {
        List<String> names = columnNames();
        int[] labels = labelIndices != null ? labelIndices : indicesOf(labelNames, names, "label");
        int[] features;
        if (featureIndices != null) features = featureIndices;
        else if (!featureNames.isEmpty()) features = indicesOf(featureNames, names, "feature");
        else {
            int n = header ? names.size() : firstRowWidth();
            features = java.util.stream.IntStream.range(0, n).filter(i -> Arrays.stream(labels).noneMatch(l -> l == i)).toArray();
        }
        if (features.length == 0) throw new IllegalArgumentException("CSV " + file + ": no feature columns are left");
        return new int[][] {labels, features};
    }

    private int firstRowWidth() {
        try (DatasetIterator<String[]> it = rows().iterator()) {
            return it.hasNext() ? it.next().length : 0;
        }
    }

    private int[] indicesOf(List<String> wanted, List<String> names, String what) {
        if (!wanted.isEmpty() && !header) throw new IllegalArgumentException("CSV " + file + ": " + what + " columns given by name, but header(false); "
                + "give them by index");
        int[] out = new int[wanted.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = names.indexOf(wanted.get(i));
            if (out[i] < 0) throw new IllegalArgumentException("CSV " + file + ": no " + what + " column named '" + wanted.get(i)
                    + "'; the columns are " + names);
        }
        return out;
    }

    @Override public DatasetIterator<Sample> iterator() {
        int[][] cols = resolve();
        int[] labels = cols[0], features = cols[1];
        int need = Math.max(Arrays.stream(labels).max().orElse(-1), Arrays.stream(features).max().orElse(-1)) + 1;
        RowIterator rows = new RowIterator(file, header, separator);
        return new AbstractDatasetIterator<>() {
            @Override protected Sample computeNext() {
                if (!rows.hasNext()) return endOfData();
                String[] f = rows.next();
                if (f.length < need) throw new IllegalArgumentException("CSV " + file + " line " + rows.lineNo + " has " + f.length
                        + " fields; at least " + need + " are needed");
                float[] x = new float[features.length], y = new float[labels.length];
                for (int i = 0; i < features.length; i++) x[i] = parse(f[features[i]], rows.lineNo, features[i]);
                for (int i = 0; i < labels.length; i++) y[i] = parse(f[labels[i]], rows.lineNo, labels[i]);
                List<Tensor> targets = labels.length == 0 ? List.of() : List.of(Tensor.wrap(y, labels.length));
                return new Sample(List.of(Tensor.wrap(x, features.length)), targets, null);
            }
            @Override protected void onClose() { rows.close(); }
        };
    }

    private float parse(String s, int line, int col) {
        String t = s.trim();
        if (t.isEmpty() || t.equals(naValue)) return Float.NaN;
        try {
            return Float.parseFloat(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CSV " + file + " line " + line + ", column " + col + ": '" + s + "' is not a number. "
                    + "Mark missing values with naValue(...), or read the raw fields with rows() and map them yourself.");
        }
    }
}
