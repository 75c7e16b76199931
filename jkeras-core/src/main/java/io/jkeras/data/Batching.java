package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stacking elements into batches and splitting batches into elements, for the element structures
 * a {@link Dataset} batches: {@link Tensor}, {@link Sample} and {@code List<Tensor>}.
 * Copies go straight between primitive arrays (no op, no gradient tape).
 */
final class Batching {
    private Batching() {}

    /** Stacks elements along a new first axis; with {@code pad}, each component is first padded to the largest shape. */
    @SuppressWarnings("unchecked")
    static <T> T stack(List<T> elems, boolean pad, double padValue) {
        Object first = elems.get(0);
        if (first instanceof Tensor) return (T) stackTensors((List<Tensor>) elems, pad, padValue, "element");
        if (first instanceof Sample) {
            List<Sample> ss = (List<Sample>) elems;
            Sample s0 = ss.get(0);
            List<Tensor> x = new ArrayList<>(), y = new ArrayList<>();
            for (int i = 0; i < s0.inputs().size(); i++) x.add(stackTensors(component(ss, true, i), pad, padValue, "input " + i));
            for (int i = 0; i < s0.targets().size(); i++) y.add(stackTensors(component(ss, false, i), pad, padValue, "target " + i));
            Tensor w = null;
            if (s0.sampleWeight() != null) {
                List<Tensor> ws = new ArrayList<>();
                for (Sample s : ss) {
                    if (s.sampleWeight() == null) throw new IllegalArgumentException("batch: some samples have a sampleWeight and some do not");
                    ws.add(s.sampleWeight());
                }
                w = stackTensors(ws, pad, padValue, "sampleWeight");
            } else if (ss.stream().anyMatch(s -> s.sampleWeight() != null)) {
                throw new IllegalArgumentException("batch: some samples have a sampleWeight and some do not");
            }
            return (T) new Sample(x, y, w);
        }
        if (first instanceof TextSample t0) {
            List<String> texts = new ArrayList<>(elems.size());
            List<Tensor> labels = new ArrayList<>(elems.size());
            for (Object e : elems) {
                TextSample t = (TextSample) e;
                if (t.size() != 1) throw new IllegalArgumentException("batch: TextSample elements must each hold one text; received a batch of "
                        + t.size() + " (unbatch() first)");
                if ((t.labels() == null) != (t0.labels() == null)) throw new IllegalArgumentException("batch: some TextSamples have labels and some do not");
                texts.add(t.text());
                if (t.labels() != null) labels.add(t.labels());
            }
            return (T) new TextSample(texts, t0.labels() == null ? null : stackTensors(labels, pad, padValue, "labels"));
        }
        if (first instanceof List<?> l0 && (l0.isEmpty() || l0.get(0) instanceof Tensor)) {
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < l0.size(); i++) {
                List<Tensor> c = new ArrayList<>();
                for (Object e : elems) {
                    List<?> l = (List<?>) e;
                    if (l.size() != l0.size()) throw new IllegalArgumentException("batch: elements are lists of different lengths ("
                            + l0.size() + " and " + l.size() + ")");
                    c.add((Tensor) l.get(i));
                }
                out.add(stackTensors(c, pad, padValue, "component " + i));
            }
            return (T) List.copyOf(out);
        }
        throw new IllegalArgumentException("batch() works on elements that are Tensor, Sample, TextSample or List<Tensor>; received "
                + first.getClass().getSimpleName() + ". Map the elements to one of these first (e.g. map(v -> Tensor.scalar(v, DType.INT64))).");
    }

    private static List<Tensor> component(List<Sample> ss, boolean inputs, int i) {
        List<Tensor> out = new ArrayList<>(ss.size());
        int n = inputs ? ss.get(0).inputs().size() : ss.get(0).targets().size();
        for (Sample s : ss) {
            List<Tensor> l = inputs ? s.inputs() : s.targets();
            if (l.size() != n) throw new IllegalArgumentException("batch: samples have different numbers of " + (inputs ? "inputs" : "targets")
                    + " (" + n + " and " + l.size() + ")");
            out.add(l.get(i));
        }
        return out;
    }

    static Tensor stackTensors(List<Tensor> ts, boolean pad, double padValue, String what) {
        Tensor t0 = ts.get(0);
        DType dt = t0.dtype();
        String part = what.equals("element") ? "" : " (" + what + ")";
        int[] max = t0.shape().toArray();
        for (int k = 0; k < ts.size(); k++) {
            Tensor t = ts.get(k);
            if (t.dtype() != dt) throw new IllegalArgumentException("batch: element " + k + part + " has dtype " + t.dtype()
                    + " but element 0 has " + dt + "; cast them to one dtype first");
            if (pad) {
                if (t.rank() != max.length) throw new IllegalArgumentException("paddedBatch: element " + k + part + " has rank "
                        + t.rank() + " but element 0 has rank " + max.length + "; padding changes sizes, not ranks");
                for (int a = 0; a < max.length; a++) max[a] = Math.max(max[a], t.dim(a));
            } else if (!t.shape().equals(t0.shape())) {
                throw new IllegalArgumentException("batch: element " + k + part + " has shape " + t.shape()
                        + " but element 0 has shape " + t0.shape() + ". Elements of a batch must have the same shape; "
                        + "use paddedBatch(...) for variable-length data.");
            }
        }
        Shape rowShape = Shape.of(max);
        int row = rowShape.intSize();
        Object dst = Tensor.allocate(dt, row * ts.size());
        if (pad && padValue != 0) fill(dst, padValue);
        for (int k = 0; k < ts.size(); k++) {
            Tensor t = ts.get(k);
            if (t.shape().equals(rowShape)) System.arraycopy(t.array(), 0, dst, k * row, row);
            else copyPadded(t.array(), t.shape().toArray(), 0, 0, dst, k * row, max);
        }
        return Tensor.wrap(dst, rowShape.prepend(ts.size()));
    }

    private static void fill(Object a, double v) {
        switch (a) {
            case float[] f -> Arrays.fill(f, (float) v);
            case double[] d -> Arrays.fill(d, v);
            case int[] i -> Arrays.fill(i, (int) v);
            case long[] l -> Arrays.fill(l, (long) v);
            case boolean[] b -> Arrays.fill(b, v != 0);
            default -> throw new AssertionError();
        }
    }

    /** Copies the block of {@code src} (shape {@code s}) into the top-left corner of a {@code d}-shaped block of {@code dst}. */
    private static void copyPadded(Object src, int[] s, int axis, int srcOff, Object dst, int dstOff, int[] d) {
        if (s.length == 0) { System.arraycopy(src, srcOff, dst, dstOff, 1); return; }
        if (axis == s.length - 1) { System.arraycopy(src, srcOff, dst, dstOff, s[axis]); return; }
        int srcStride = 1, dstStride = 1;
        for (int a = axis + 1; a < s.length; a++) { srcStride *= s[a]; dstStride *= d[a]; }
        for (int i = 0; i < s[axis]; i++) copyPadded(src, s, axis + 1, srcOff + i * srcStride, dst, dstOff + i * dstStride, d);
    }

    /** Splits a batched element into its rows (the inverse of {@link #stack}). */
    @SuppressWarnings("unchecked")
    static <T> List<T> unstack(T elem) {
        if (elem instanceof Tensor t) return (List<T>) rows(t);
        if (elem instanceof Sample s) {
            int n = s.input().rank() == 0 ? -1 : s.input().dim(0);
            List<List<Tensor>> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (Tensor t : s.inputs()) xs.add(rowsOf(t, n, "input"));
            for (Tensor t : s.targets()) ys.add(rowsOf(t, n, "target"));
            List<Tensor> ws = s.sampleWeight() == null ? null : rowsOf(s.sampleWeight(), n, "sampleWeight");
            List<Sample> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                List<Tensor> x = new ArrayList<>(), y = new ArrayList<>();
                for (List<Tensor> c : xs) x.add(c.get(r));
                for (List<Tensor> c : ys) y.add(c.get(r));
                out.add(new Sample(x, y, ws == null ? null : ws.get(r)));
            }
            return (List<T>) out;
        }
        if (elem instanceof TextSample ts) {
            int n = ts.size();
            List<Tensor> labels = ts.labels() == null ? null : rowsOf(ts.labels(), n, "labels");
            List<TextSample> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) out.add(TextSample.of(ts.texts().get(r), labels == null ? null : labels.get(r)));
            return (List<T>) out;
        }
        if (elem instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Tensor t0) {
            int n = t0.rank() == 0 ? -1 : t0.dim(0);
            List<List<Tensor>> cs = new ArrayList<>();
            for (Object o : l) cs.add(rowsOf((Tensor) o, n, "component"));
            List<List<Tensor>> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                List<Tensor> row = new ArrayList<>();
                for (List<Tensor> c : cs) row.add(c.get(r));
                out.add(List.copyOf(row));
            }
            return (List<T>) out;
        }
        throw new IllegalArgumentException("unbatch() works on elements that are Tensor, Sample, TextSample or List<Tensor>; received "
                + elem.getClass().getSimpleName());
    }

    private static List<Tensor> rowsOf(Tensor t, int n, String what) {
        if (t.rank() == 0 || t.dim(0) != n) throw new IllegalArgumentException("unbatch: every component needs the same batch size "
                + n + "; the " + what + " has shape " + t.shape());
        return rows(t);
    }

    static List<Tensor> rows(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("unbatch: cannot split a scalar; elements need a batch dimension");
        int n = t.dim(0);
        Shape rs = t.shape().withoutBatch();
        int row = rs.intSize();
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object a = Tensor.allocate(t.dtype(), row);
            System.arraycopy(t.array(), i * row, a, 0, row);
            out.add(Tensor.wrap(a, rs));
        }
        return out;
    }

    /** Row {@code i} of {@code t} (a copy). */
    static Tensor row(Tensor t, int i) {
        Shape rs = t.shape().withoutBatch();
        int row = rs.intSize();
        Object a = Tensor.allocate(t.dtype(), row);
        System.arraycopy(t.array(), i * row, a, 0, row);
        return Tensor.wrap(a, rs);
    }
}
