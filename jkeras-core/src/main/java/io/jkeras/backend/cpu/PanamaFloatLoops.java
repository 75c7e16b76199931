package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatLoops} on the Vector API: full vectors of the preferred width, then the scalar loop of
 * {@link ScalarFloatLoops} for the tail (no masked stores, which C2 handles poorly).
 */
final class PanamaFloatLoops implements FloatLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Ints of the same lane count as {@link #S}, for the argmax indices of {@link #maxWindow}. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);
    private final ScalarFloatLoops tail = new ScalarFloatLoops();

    @Override public String name() { return "panama-" + S.vectorBitSize() + "bit"; }

    @Override public void binary(int op, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff, int n) {
        int i = 0, bound = S.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i)).intoArray(o, oOff + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, y, yOff + i)).intoArray(o, oOff + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i)).intoArray(o, oOff + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).div(FloatVector.fromArray(S, y, yOff + i)).intoArray(o, oOff + i); }
            default -> { }   // MAX and MIN propagate NaN: the scalar loop does it
        }
        if (i < n) tail.binary(op, x, xOff + i, y, yOff + i, o, oOff + i, n - i);
    }

    @Override public void binaryScalar(int op, float[] x, int xOff, float s, boolean swap, float[] o, int oOff, int n) {
        int i = 0, bound = S.loopBound(n);
        if (!swap || op == ADD || op == MUL) {
            FloatVector sv = FloatVector.broadcast(S, s);
            switch (op) {
                case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).add(sv).intoArray(o, oOff + i); }
                case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).sub(sv).intoArray(o, oOff + i); }
                case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).mul(sv).intoArray(o, oOff + i); }
                case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xOff + i).div(sv).intoArray(o, oOff + i); }
                default -> { }
            }
        }
        if (i < n) tail.binaryScalar(op, x, xOff + i, s, swap, o, oOff + i, n - i);
    }

    @Override public void relu(float[] x, float[] o, int from, int to) {
        int i = from, bound = from + S.loopBound(to - from);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.max(zero).intoArray(o, i);   // Math.max semantics: NaN stays NaN, -0 becomes 0
        }
        if (i < to) tail.relu(x, o, i, to);
    }

    @Override public void reluGrad(float[] y, float[] g, float[] o, int from, int to) {
        int i = from, bound = from + S.loopBound(to - from);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), pos).intoArray(o, i);
        }
        if (i < to) tail.reluGrad(y, g, o, i, to);
    }

    @Override public void biasAct(float[] c, int off, float[] b, int n, boolean relu) {
        int j = 0, bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (; j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(S, c, off + j).add(FloatVector.fromArray(S, b, j));
            if (relu) v = v.max(zero);
            v.intoArray(c, off + j);
        }
        if (j < n) {
            if (relu) for (; j < n; j++) c[off + j] = Math.max(c[off + j] + b[j], 0f);
            else for (; j < n; j++) c[off + j] += b[j];
        }
    }

    @Override public void maxWindow(float[] x, int base, int[] rel, float[] y, int[] arg, int o, int c) {
        int j = 0, bound = S.loopBound(c), cells = rel.length;
        for (; j < bound; j += L) {
            int first = base + rel[0] + j;
            FloatVector m = FloatVector.fromArray(S, x, first);
            IntVector best = IOTA.add(first);
            for (int q = 1; q < cells; q++) {
                int at = base + rel[q] + j;
                FloatVector v = FloatVector.fromArray(S, x, at);
                VectorMask<Float> gt = v.compare(VectorOperators.GT, m);   // false for NaN: the earlier cell stays
                m = m.blend(v, gt);
                best = best.blend(IOTA.add(at), gt.cast(I));
            }
            m.intoArray(y, o + j);
            best.intoArray(arg, o + j);
        }
        if (j < c) tail.maxWindow(x, base + j, rel, y, arg, o + j, c - j);
    }
}
