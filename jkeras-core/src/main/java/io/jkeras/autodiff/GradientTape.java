package io.jkeras.autodiff;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Records operations so that gradients can be computed afterwards (reverse-mode autodiff),
 * like TensorFlow's {@code tf.GradientTape}.
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor y = Ops.sum(Ops.square(w.value()));    // trainable variables are watched automatically
 *     List<Tensor> grads = tape.gradient(y, List.of(w));
 * }
 * }</pre>
 *
 * Only ops whose inputs depend on a watched tensor (or a trainable {@link Variable} read inside the
 * tape) are recorded, so inference code pays nothing. A tape is bound to the thread that opened it.
 * A non-persistent tape allows one {@code gradient} call; it may come after {@link #close()} (which
 * only stops recording), as with TensorFlow's {@code with tf.GradientTape() as tape:} block.
 *
 * <p>Tapes nest: while an inner tape computes a gradient, an outer tape that watches the same
 * sources records that computation, so the outer tape can differentiate it again (second order):
 * <pre>{@code
 * try (GradientTape outer = new GradientTape()) {
 *     outer.watch(x);
 *     Tensor dy;
 *     try (GradientTape inner = new GradientTape()) {
 *         inner.watch(x);
 *         dy = inner.gradient(Ops.power(x, 3.0), x);   // 3x^2
 *     }
 *     Tensor d2y = outer.gradient(dy, x);                // 6x
 * }
 * }</pre>
 */
public final class GradientTape implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<GradientTape>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);

    private record Entry(Tensor output, Tensor[] inputs, GradFn fn) {}

    private final boolean persistent;
    private final IdentityHashMap<Tensor, Boolean> tracked = new IdentityHashMap<>();
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private boolean paused;
    private boolean used;
    private boolean closed;

    public GradientTape() { this(false); }

    /** A persistent tape allows several {@code gradient} calls. */
    public GradientTape(boolean persistent) {
        this.persistent = persistent;
        ACTIVE.get().push(this);
    }

    /** Makes gradients flow to {@code t}. */
    public void watch(Tensor t) { tracked.put(t, Boolean.TRUE); }

    /** Watches a variable's current value (trainable variables are watched automatically when read). */
    public void watch(Variable v) { watch(v.rawValue()); }

    /** True when some tape on this thread would record an op. */
    public static boolean isRecording() {
        ArrayDeque<GradientTape> s = ACTIVE.get();
        if (s.isEmpty()) return false;
        for (GradientTape t : s) if (!t.paused) return true;
        return false;
    }

    /** Called by {@link Variable#value()}: active tapes watch trainable variables. */
    static void onVariableRead(Variable v) {
        ArrayDeque<GradientTape> s = ACTIVE.get();
        if (s.isEmpty()) return;
        for (GradientTape t : s) if (!t.paused) t.tracked.put(v.rawValue(), Boolean.TRUE);
    }

    /**
     * Records {@code output = op(inputs)} with its gradient rule on every active tape for which an
     * input is tracked. Called by {@link Ops}; layers never call it.
     */
    public static void record(Tensor output, Tensor[] inputs, GradFn fn) {
        ArrayDeque<GradientTape> s = ACTIVE.get();
        if (s.isEmpty()) return;
        // an op that hands back one of its inputs unchanged is the identity: recording it would make a cycle
        for (Tensor in : inputs) if (in == output) return;
        for (GradientTape t : s) {
            if (t.paused) continue;
            for (Tensor in : inputs) {
                if (in != null && t.tracked.containsKey(in)) {
                    t.entries.add(new Entry(output, inputs, fn));
                    t.tracked.put(output, Boolean.TRUE);
                    break;
                }
            }
        }
    }

    /** Runs {@code body} without recording on any tape of this thread (like {@code stop_gradient} for a block). */
    public static <T> T noRecording(java.util.function.Supplier<T> body) {
        ArrayDeque<GradientTape> s = ACTIVE.get();
        if (s.isEmpty()) return body.get();
        List<GradientTape> paused = new ArrayList<>();
        for (GradientTape t : s) if (!t.paused) { t.paused = true; paused.add(t); }
        try {
            return body.get();
        } finally {
            for (GradientTape t : paused) t.paused = false;
        }
    }

    /** d(sum of target)/d(source); null when target does not depend on source. */
    public Tensor gradient(Tensor target, Tensor source) {
        return gradients(target, List.of(source)).get(0);
    }

    /** d(sum of target)/d(variable); null when target does not depend on it. */
    public Tensor gradient(Tensor target, Variable variable) {
        return gradients(target, List.of(variable.rawValue())).get(0);
    }

    /** Gradients of (the sum of) {@code target} with respect to each variable; null where unconnected. */
    public List<Tensor> gradient(Tensor target, List<Variable> variables) {
        List<Tensor> sources = new ArrayList<>(variables.size());
        for (Variable v : variables) sources.add(v.rawValue());
        return gradients(target, sources);
    }

    /** Gradients of (the sum of) {@code target} with respect to each source tensor; null where unconnected. */
    public List<Tensor> gradients(Tensor target, List<Tensor> sources) {
        if (Thread.currentThread() != owner) throw new IllegalStateException("A GradientTape must be used on the thread that opened it");
        if (used && !persistent) throw new IllegalStateException("gradient() can only be called once on a non-persistent GradientTape; "
                + "open it with new GradientTape(true) to compute several gradients");
        used = true;
        boolean wasPaused = paused;
        paused = true;
        try {
            IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
            grads.put(target, Ops.onesLike(target));
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                Tensor g = grads.get(e.output);
                if (g == null) continue;
                Tensor[] ins = e.fn.apply(g);
                if (ins.length != e.inputs.length) throw new IllegalStateException("A gradient rule returned " + ins.length
                        + " gradients for an op with " + e.inputs.length + " inputs");
                for (int j = 0; j < e.inputs.length; j++) {
                    Tensor in = e.inputs[j];
                    if (in == null || ins[j] == null || !tracked.containsKey(in)) continue;
                    Tensor gj = ins[j];
                    if (!gj.shape().equals(in.shape())) throw new IllegalStateException("A gradient rule returned a gradient of shape "
                            + gj.shape() + " for input " + j + " of shape " + in.shape() + " (op output shape " + e.output.shape()
                            + "); gradients must have their input's shape");
                    if (gj.dtype() != in.dtype() && in.dtype().isFloating()) gj = Ops.cast(gj, in.dtype());
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gj : Ops.add(prev, gj));
                }
            }
            List<Tensor> out = new ArrayList<>(sources.size());
            for (Tensor s : sources) out.add(grads.get(s));
            return out;
        } finally {
            paused = wasPaused;
            if (!persistent) entries.clear();
        }
    }

    /**
     * Stops recording: pops this tape from the thread's stack. What was recorded stays, so
     * {@code gradient} may still be called once (or, on a persistent tape, several times).
     */
    @Override public void close() {
        if (closed) return;
        closed = true;
        if (Thread.currentThread() != owner) throw new IllegalStateException("A GradientTape must be closed on the thread that opened it");
        ACTIVE.get().remove(this);
    }
}
