package io.jkeras.callbacks;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Node;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file (Keras's {@code tf.summary.create_file_writer}): TFRecord
 * framing with masked CRC32C checksums around {@code tensorflow.Event} protocol buffers, encoded
 * by hand (no TensorFlow or protobuf dependency).
 *
 * <pre>{@code
 * try (SummaryWriter w = new SummaryWriter(Path.of("logs/custom"))) {
 *     for (int step = 0; step < 100; step++) w.scalar("my_metric", Math.sin(step / 10.0), step);
 * }
 * // then: tensorboard --logdir logs
 * }</pre>
 *
 * <p>Scalars are written as {@code simple_value} summaries and histograms as
 * {@code HistogramProto}s (30 equal-width buckets), both of which TensorBoard reads into its
 * Scalars and Histograms dashboards; {@link #graph(Model)} writes a {@code GraphDef} with one node
 * per layer call for the Graphs dashboard. The file is named
 * {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2} like TensorFlow's.
 */
public final class SummaryWriter implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Buckets per histogram, as TensorFlow 2's {@code tf.summary.histogram} default. */
    public static final int HISTOGRAM_BUCKETS = 30;

    private final Path file;
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private boolean closed;

    /** Creates {@code logDir} if needed and a new event file in it. */
    public SummaryWriter(Path logDir) {
        try {
            Files.createDirectories(logDir);
            long now = System.currentTimeMillis();
            String host;
            try { host = InetAddress.getLocalHost().getHostName(); } catch (IOException e) { host = "localhost"; }
            this.file = logDir.resolve("events.out.tfevents." + (now / 1000) + "." + host + "." + ProcessHandle.current().pid()
                    + "." + COUNTER.getAndIncrement() + ".v2");
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            writeEvent(new Proto().dbl(1, now / 1000.0).int64(2, 0).string(3, "brain.Event:2"));
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a TensorBoard event file in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** The event file being written. */
    public Path file() { return file; }

    private static double wallTime() { return System.currentTimeMillis() / 1000.0; }

    /** Writes a scalar (stored as float32, as TensorBoard's scalars are). */
    public synchronized void scalar(String tag, double value, long step) {
        Proto v = new Proto().string(1, tag).flt(2, (float) value);
        writeSummary(v, step);
    }

    /** Writes a histogram of a tensor's values. */
    public void histogram(String tag, Tensor values, long step) { histogram(tag, values.toDoubleArray(), step); }

    /** Writes a histogram of {@code values} (min, max, count, sum, sum of squares and 30 equal-width buckets). */
    public synchronized void histogram(String tag, double[] values, long step) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSq = 0;
        for (double x : values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sumSq += x * x;
        }
        double[] limits, counts;
        if (values.length == 0) {
            min = max = 0;
            limits = new double[] {0};
            counts = new double[] {0};
        } else if (min == max || !Double.isFinite(max - min)) {
            limits = new double[] {max};
            counts = new double[] {values.length};
        } else {
            int k = HISTOGRAM_BUCKETS;
            double width = (max - min) / k;
            limits = new double[k];
            counts = new double[k];
            for (int i = 0; i < k; i++) limits[i] = min + width * (i + 1);
            limits[k - 1] = max;
            for (double x : values) {
                int b = (int) ((x - min) / width);
                counts[Math.min(Math.max(b, 0), k - 1)]++;
            }
        }
        Proto h = new Proto().dbl(1, min).dbl(2, max).dbl(3, values.length).dbl(4, sum).dbl(5, sumSq)
                .packedDoubles(6, limits).packedDoubles(7, counts);
        writeSummary(new Proto().string(1, tag).message(5, h), step);
    }

    /**
     * Writes the model's layer graph for TensorBoard's Graphs dashboard: one node per layer call,
     * named {@code <model>/<layer>}, with the layer's class as its op, edges from the layers that
     * feed it, and the output shapes. Does nothing for a subclassed model, which has no graph.
     */
    public synchronized void graph(Model model) {
        if (!model.isGraph()) return;
        Map<Node, String> names = new IdentityHashMap<>();
        Map<Layer, Integer> calls = new IdentityHashMap<>();
        Proto g = new Proto();
        String prefix = model.name() + "/";
        for (Node node : model.executionOrder()) {
            int k = calls.merge(node.layer(), 1, Integer::sum) - 1;
            String name = prefix + node.layer().name() + (k == 0 ? "" : "_call" + k);
            names.put(node, name);
            Proto n = new Proto().string(1, name).string(2, node.layer().className());
            for (KerasTensor in : node.inputs()) {
                String src = names.get(in.node());
                if (src != null) n.string(3, in.index() == 0 ? src : src + ":" + in.index());
            }
            Proto shapes = new Proto();
            for (KerasTensor o : node.outputs()) shapes.message(7, shapeProto(o.shape()));
            Proto attr = new Proto().string(1, "_output_shapes").message(2, new Proto().message(1, shapes));
            n.message(5, attr);
            g.message(1, n);
        }
        g.message(4, new Proto().int64(1, 1)); // versions { producer: 1 }
        try {
            writeEvent(new Proto().dbl(1, wallTime()).int64(2, 0).bytes(4, g.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + file + ": " + e.getMessage(), e);
        }
    }

    private static Proto shapeProto(Shape s) {
        Proto p = new Proto();
        for (int d : s.toArray()) p.message(2, new Proto().int64(1, d));
        return p;
    }

    private void writeSummary(Proto value, long step) {
        Proto summary = new Proto().message(1, value);
        try {
            writeEvent(new Proto().dbl(1, wallTime()).int64(2, step).message(5, summary));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeEvent(Proto event) throws IOException {
        if (closed) throw new IllegalStateException("SummaryWriter for " + file + " is closed");
        byte[] data = event.toByteArray();
        byte[] len = new byte[8];
        long n = data.length;
        for (int i = 0; i < 8; i++) len[i] = (byte) (n >>> (8 * i));
        out.write(len);
        writeInt(maskedCrc(len));
        out.write(data);
        writeInt(maskedCrc(data));
    }

    private void writeInt(int v) throws IOException { for (int i = 0; i < 4; i++) out.write(v >>> (8 * i)); }

    /** TFRecord's masked CRC32C: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. */
    int maskedCrc(byte[] data) {
        crc.reset();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** Pushes buffered events to the file. */
    public synchronized void flush() {
        if (closed) return;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override public synchronized void close() {
        if (closed) return;
        flush();
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not close " + file + ": " + e.getMessage(), e);
        }
    }

    /** Histograms of every weight of every layer, tagged {@code <variable path>/histogram}. */
    void weightHistograms(Model model, long step) {
        List<io.jkeras.autodiff.Variable> seen = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (io.jkeras.autodiff.Variable v : layer.weights()) {
                if (seen.contains(v)) continue;
                seen.add(v);
                histogram(v.path() + "/histogram", GradientTape.noRecording(v::value), step);
            }
        }
    }
}
