package io.jkeras.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams each epoch's logs to a CSV file (Keras's {@code keras.callbacks.CSVLogger}): a header
 * {@code epoch,<sorted log keys>}, then one row per epoch, written like Python's {@code csv}
 * module (CRLF line ends, minimal quoting, floats as Python's {@code repr}, {@code NA} for a
 * missing value), so files compare equal to Keras's.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(10).callbacks(new CSVLogger(Path.of("training.log"))));
 * }</pre>
 *
 * With {@code append(true)} rows are added to an existing file (the header only if it is empty).
 * When the first epoch has no {@code val_} keys, the columns {@code val_<key>} are added for each
 * key, as Keras does, so later validation epochs fit the header.
 */
public final class CSVLogger implements Callback {
    private final Path filename;
    private String separator = ",";
    private boolean append = false;

    private List<String> keys;
    private boolean appendHeader = true;
    private BufferedWriter writer;
    private boolean headerWritten;

    public CSVLogger(Path filename) { this.filename = Objects.requireNonNull(filename, "filename"); }

    public CSVLogger(String filename) { this(Path.of(filename)); }

    /** The field separator (default {@code ","}). */
    public CSVLogger separator(String sep) {
        if (sep == null || sep.isEmpty()) throw new IllegalArgumentException("separator must be a non-empty string");
        separator = sep;
        return this;
    }

    /** Appends to an existing file instead of overwriting it. */
    public CSVLogger append(boolean a) { append = a; return this; }

    public Path filename() { return filename; }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        try {
            Path dir = filename.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            if (append) {
                if (Files.exists(filename)) appendHeader = Files.size(filename) == 0 || firstLineEmpty();
                writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8);
            }
            headerWritten = false;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not open " + filename + ": " + e.getMessage(), e);
        }
    }

    private boolean firstLineEmpty() throws IOException {
        try (var r = Files.newBufferedReader(filename, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null || line.isEmpty();
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (keys == null) {
            keys = new ArrayList<>(logs.keySet());
            keys.sort(null);
            boolean hasVal = keys.stream().anyMatch(k -> k.startsWith("val_"));
            if (!hasVal && !keys.isEmpty()) {
                List<String> vals = keys.stream().map(k -> "val_" + k).toList();
                keys.addAll(vals);
            }
        }
        try {
            if (!headerWritten) {
                headerWritten = true;
                if (appendHeader) {
                    List<String> header = new ArrayList<>();
                    header.add("epoch");
                    header.addAll(keys);
                    writeRow(header);
                }
            }
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(epoch));
            for (String k : keys) {
                Double v = logs.get(k);
                row.add(v == null ? "NA" : pythonStr(v));
            }
            writeRow(row);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not write to " + filename + ": " + e.getMessage(), e);
        }
    }

    /** Python's {@code str(float)}: repr, with {@code nan}, {@code inf}, {@code -inf}. */
    static String pythonStr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String r = PyFormat.repr(Math.abs(v));
        return (Double.doubleToRawLongBits(v) < 0 ? "-" : "") + r;
    }

    private void writeRow(List<String> fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(separator);
            sb.append(quote(fields.get(i)));
        }
        sb.append("\r\n");
        writer.write(sb.toString());
    }

    /** csv.QUOTE_MINIMAL: quote fields holding the separator, a quote or a line break. */
    private String quote(String f) {
        if (f.contains(separator) || f.indexOf('"') >= 0 || f.indexOf('\r') >= 0 || f.indexOf('\n') >= 0) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (writer != null) writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not close " + filename + ": " + e.getMessage(), e);
        } finally {
            writer = null;
        }
    }
}
