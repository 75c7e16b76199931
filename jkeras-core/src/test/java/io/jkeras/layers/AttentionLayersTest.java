package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.saving.Models;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.jkeras.layers.RecurrentLayersTest.checkWeightGradients;
import static io.jkeras.layers.RecurrentLayersTest.random;
import static io.jkeras.layers.RecurrentLayersTest.randomizeWeights;
import static io.jkeras.layers.SequenceFixtures.assertClose;
import static io.jkeras.layers.SequenceFixtures.assertKeras3;
import static io.jkeras.layers.SequenceFixtures.weight;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attention, AdditiveAttention and MultiHeadAttention. */
class AttentionLayersTest {

    // ------------------------------------------------------------------ Keras 3 fixtures

    @Test void keras3DotAndAdditiveAttention() {
        Tensor q = SequenceFixtures.npy("attention_layers", "x_0.npy"), v = SequenceFixtures.npy("attention_layers", "x_1.npy");
        Attention dot = new Attention();
        assertKeras3(SequenceFixtures.npy("attention_layers", "y_0.npy"), dot.apply(List.of(q, v), false).get(0), "Attention (dot)");
        AdditiveAttention add = new AdditiveAttention();
        add.buildFor(q.shape(), v.shape());
        add.setWeights(List.of(weight(SequenceFixtures.h5Weights("attention_layers"), "additive_attention/additive_attention/scale")));
        assertKeras3(SequenceFixtures.npy("attention_layers", "y_1.npy"), add.apply(List.of(q, v), false).get(0), "AdditiveAttention");
    }

    @Test void keras3AttentionSummary() {
        Layer.clearSession();
        KerasTensor q = Input.of(3, 4), v = Input.of(5, 4);
        KerasTensor a = new Attention().apply(q, v), b = new AdditiveAttention().apply(q, v);
        assertEquals(SharedFixtures.keras3Text("attention_layers", "summary.txt"), new Model(List.of(q, v), List.of(a, b), "attention_layers").summaryString());
    }

    @Test void keras3SelfAttentionLoadsFromBothFileFormats() throws IOException {
        Layer.clearSession();
        Tensor x = SequenceFixtures.npy("mha_self", "x_0.npy");
        for (String file : List.of("model.keras", "model.h5")) {
            Model m = Models.load(SharedFixtures.keras3("mha_self", file));
            assertKeras3(SequenceFixtures.npy("mha_self", "y_0.npy"), m.predict(x), "MultiHeadAttention self-attention from " + file);
        }
    }

    @Test void keras3CrossAttentionWithAnExplicitMask() {
        Layer.clearSession();
        Map<String, Tensor> w = SequenceFixtures.h5Weights("mha_cross_mask");
        KerasTensor q = Input.of("query", 4, 6), v = Input.of("value", 5 + 1, 5), mask = Input.of("mask", DType.INT32, 4, 6);
        MultiHeadAttention mha = new MultiHeadAttention(3, 2);
        KerasTensor out = mha.apply(q, v, mask);
        Model m = new Model(List.of(q, v, mask), List.of(out), "mha_cross_mask");
        assertEquals(SharedFixtures.keras3Text("mha_cross_mask", "summary.txt"), m.summaryString());
        String p = "multi_head_attention/multi_head_attention/";
        List<Tensor> ws = new ArrayList<>();
        for (String l : List.of("query", "key", "value", "attention_output")) { ws.add(weight(w, p + l + "/kernel")); ws.add(weight(w, p + l + "/bias")); }
        mha.setWeights(ws);
        List<Tensor> xs = List.of(SequenceFixtures.npy("mha_cross_mask", "x_0.npy"), SequenceFixtures.npy("mha_cross_mask", "x_1.npy"),
                SequenceFixtures.npy("mha_cross_mask", "x_2.npy"));
        assertKeras3(SequenceFixtures.npy("mha_cross_mask", "y_0.npy"), m.predictAll(xs, 8).get(0), "MultiHeadAttention with attention_mask");
    }

    // ------------------------------------------------------------------ semantics

    /** Attention by hand: softmax(q k^T [+ mask]) v, row by row in float64. */
    private static double[] reference(double[] q, double[] k, double[] v, boolean[] keep, int tq, int tv, int d, boolean causal) {
        double[] out = new double[tq * d];
        for (int i = 0; i < tq; i++) {
            double[] s = new double[tv];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < tv; j++) {
                for (int c = 0; c < d; c++) s[j] += q[i * d + c] * k[j * d + c];
                if ((keep != null && !keep[j]) || (causal && j > i)) s[j] -= 1e9;
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < tv; j++) { s[j] = Math.exp(s[j] - max); sum += s[j]; }
            for (int j = 0; j < tv; j++) for (int c = 0; c < d; c++) out[i * d + c] += s[j] / sum * v[j * d + c];
        }
        return out;
    }

    @Test void dotAttentionMatchesAHandComputationWithMasksAndCausality() {
        Tensor q = FiniteDifferences.randomDouble(1, 1, 3, 2), k = FiniteDifferences.randomDouble(2, 1, 4, 2), v = FiniteDifferences.randomDouble(3, 1, 4, 2);
        Attention a = new Attention();
        assertClose(Tensor.of(reference(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), null, 3, 4, 2, false), 1, 3, 2),
                a.apply(List.of(q, v, k), false).get(0), 1e-12, 0, "plain");
        boolean[] keep = {true, false, true, true};
        Tensor vMask = Tensor.of(keep, 1, 4), qMask = Tensor.of(new boolean[] {true, true, false}, 1, 3);
        Layer.MaskedOutputs r = a.applyMasked(List.of(q, v, k), Arrays.asList(qMask, vMask, null), false);
        double[] expected = reference(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), keep, 3, 4, 2, false);
        expected[4] = 0;
        expected[5] = 0;    // the masked query step gives zeros
        assertClose(Tensor.of(expected, 1, 3, 2), r.outputs().get(0), 1e-12, 0, "value and query masks");
        assertArrayEquals(new boolean[] {true, true, false}, r.mask(0).toBooleanArray(), "the query mask is passed on");
        Attention causal = new Attention().useCausalMask(true);
        assertClose(Tensor.of(reference(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), null, 3, 4, 2, true), 1, 3, 2),
                causal.apply(List.of(q, v, k), false).get(0), 1e-12, 0, "causal");
        List<Tensor> withScores = new Attention().returnAttentionScores(true).apply(List.of(q, v), false);
        assertEquals(2, withScores.size());
        assertEquals(Shape.of(1, 3, 4), withScores.get(1).shape());
        assertClose(Tensor.ones(1, 3), Ops.sum(withScores.get(1), -1), 1e-12, 0, "weights sum to one");
    }

    @Test void scaleAndConcatScoreModes() {
        Tensor q = random(4, DType.FLOAT32, 2, 3, 4), v = random(5, DType.FLOAT32, 2, 5, 4);
        Attention scaled = new Attention(true, "dot");
        scaled.buildFor(q.shape(), v.shape());
        scaled.setWeights(List.of(Tensor.scalar(0.5f)));
        Tensor expected = Ops.matmul(Ops.softmax(Ops.multiply(Ops.matmul(q, v, false, true), 0.5), -1), v);
        assertClose(expected, scaled.apply(List.of(q, v), false).get(0), 1e-6, 1e-6, "use_scale");
        Attention concat = new Attention(false, "concat");
        concat.buildFor(q.shape(), v.shape());
        concat.setWeights(List.of(Tensor.scalar(2f)));
        Tensor s = Ops.multiply(Ops.sum(Ops.tanh(Ops.add(Ops.expandDims(q, 2), Ops.expandDims(v, 1))), -1), 2.0);
        assertClose(Ops.matmul(Ops.softmax(s, -1), v), concat.apply(List.of(q, v), false).get(0), 1e-6, 1e-6, "concat");
        assertThrows(IllegalArgumentException.class, () -> new Attention(false, "general"));
        assertThrows(IllegalArgumentException.class, () -> new Attention().apply(List.of(q), false));
    }

    @Test void attentionGradientsMatchFiniteDifferences() {
        Tensor q = FiniteDifferences.randomDouble(6, 2, 3, 2), v = FiniteDifferences.randomDouble(7, 2, 4, 2);
        Tensor vMask = Tensor.of(new boolean[] {true, true, false, true, true, true, true, false}, 2, 4);
        for (Attention a : List.of(new Attention(true, "dot"), new Attention(true, "concat"), new AdditiveAttention())) {
            a.dtype(DType.FLOAT64);
            a.buildFor(q.shape(), v.shape());
            randomizeWeights(a, 8);
            FiniteDifferences.checkAll(xs -> a.applyMasked(xs, Arrays.asList(null, vMask), false).outputs().get(0), List.of(q, v), 1e-6);
            checkWeightGradients(a, () -> a.applyMasked(List.of(q, v), Arrays.asList(null, vMask), false).outputs().get(0), 1e-6);
        }
    }

    @Test void multiHeadAttentionEqualsHeadsComputedOneByOne() {
        int b = 2, t = 3, s = 4, dim = 5, heads = 2, kd = 3, vd = 2;
        MultiHeadAttention mha = new MultiHeadAttention(heads, kd).valueDim(vd).outputShape(6);
        mha.dtype(DType.FLOAT64);
        Tensor q = FiniteDifferences.randomDouble(10, b, t, dim), v = FiniteDifferences.randomDouble(11, b, s, dim);
        mha.buildFor(q.shape(), v.shape());
        randomizeWeights(mha, 12);
        assertEquals(List.of(Shape.of(dim, heads, kd), Shape.of(heads, kd), Shape.of(dim, heads, kd), Shape.of(heads, kd),
                Shape.of(dim, heads, vd), Shape.of(heads, vd), Shape.of(heads, vd, 6), Shape.of(6)), mha.weights().stream().map(w -> w.shape()).toList());
        List<Tensor> w = mha.getWeights();
        boolean[] am = new boolean[b * t * s];
        for (int i = 0; i < am.length; i++) am[i] = (i * 7) % 5 != 0;
        Tensor mask = Tensor.of(am, b, t, s);
        List<Tensor> outs = mha.apply(List.of(q, v, mask), false);
        double[] expected = new double[b * t * 6];
        for (int bi = 0; bi < b; bi++) {
            Tensor qb = Ops.reshape(Ops.sliceAxis(q, 0, bi, bi + 1), t, dim), vb = Ops.reshape(Ops.sliceAxis(v, 0, bi, bi + 1), s, dim);
            Tensor concat = null;
            for (int h = 0; h < heads; h++) {
                Tensor wq = Ops.reshape(Ops.sliceAxis(w.get(0), 1, h, h + 1), dim, kd), bq = Ops.reshape(Ops.sliceAxis(w.get(1), 0, h, h + 1), kd);
                Tensor wk = Ops.reshape(Ops.sliceAxis(w.get(2), 1, h, h + 1), dim, kd), bk = Ops.reshape(Ops.sliceAxis(w.get(3), 0, h, h + 1), kd);
                Tensor wv = Ops.reshape(Ops.sliceAxis(w.get(4), 1, h, h + 1), dim, vd), bv = Ops.reshape(Ops.sliceAxis(w.get(5), 0, h, h + 1), vd);
                double[] qh = Ops.add(Ops.matmul(qb, wq), bq).toDoubleArray(), kh = Ops.add(Ops.matmul(vb, wk), bk).toDoubleArray();
                double[] vh = Ops.add(Ops.matmul(vb, wv), bv).toDoubleArray();
                for (int i = 0; i < qh.length; i++) qh[i] /= Math.sqrt(kd);
                double[] o = new double[t * vd];
                for (int i = 0; i < t; i++) {
                    // softmax over the value steps this query step may see, then the weighted sum of the value rows
                    double[] sc = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < s; j++) {
                        for (int c = 0; c < kd; c++) sc[j] += qh[i * kd + c] * kh[j * kd + c];
                        if (!am[(bi * t + i) * s + j]) sc[j] -= 1e9;
                        max = Math.max(max, sc[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < s; j++) { sc[j] = Math.exp(sc[j] - max); sum += sc[j]; }
                    for (int j = 0; j < s; j++) for (int c = 0; c < vd; c++) o[i * vd + c] += sc[j] / sum * vh[j * vd + c];
                }
                Tensor oh = Tensor.of(o, t, vd);
                concat = concat == null ? oh : Ops.concatenate(List.of(concat, oh), 1);
            }
            double[] ob = Ops.add(Ops.matmul(concat, Ops.reshape(w.get(6), heads * vd, 6)), w.get(7)).toDoubleArray();
            System.arraycopy(ob, 0, expected, bi * t * 6, ob.length);
        }
        assertClose(Tensor.of(expected, b, t, 6), outs.get(0), 1e-10, 1e-10, "MultiHeadAttention");
    }

    @Test void multiHeadAttentionMasksCausalityScoresAndGradients() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).returnAttentionScores(true).useCausalMask(true);
        mha.dtype(DType.FLOAT64);
        Tensor x = FiniteDifferences.randomDouble(20, 2, 4, 5);
        mha.buildFor(x.shape(), x.shape());
        randomizeWeights(mha, 21);
        Tensor qMask = Tensor.of(new boolean[] {true, true, true, false, true, true, true, true}, 2, 4);
        Layer.MaskedOutputs r = mha.applyMasked(List.of(x, x), Arrays.asList(qMask, qMask), false);
        Tensor scores = r.outputs().get(1);
        assertEquals(Shape.of(2, 2, 4, 4), scores.shape());
        double[] sc = scores.toDoubleArray();
        for (int i = 0; i < 4; i++) for (int j = i + 1; j < 4; j++) assertEquals(0.0, sc[i * 4 + j], "causal: step " + i + " does not see " + j);
        for (int j = 0; j < 4; j++) assertEquals(0.0, sc[3 * 4 + j], "a masked query step has no weights");
        assertEquals(0.0, sc[2 * 4 + 3]);
        assertArrayEquals(qMask.toBooleanArray(), r.mask(0).toBooleanArray(), "the query mask is passed on");
        MultiHeadAttention plain = new MultiHeadAttention(2, 3);
        plain.dtype(DType.FLOAT64);
        plain.buildFor(x.shape(), x.shape());
        randomizeWeights(plain, 22);
        Tensor v = FiniteDifferences.randomDouble(23, 2, 3, 5);
        FiniteDifferences.checkAll(xs -> plain.apply(xs, false).get(0), List.of(x, v), 1e-6);
        checkWeightGradients(plain, () -> plain.apply(List.of(x, v), false).get(0), 1e-6);
    }

    @Test void multiHeadAttentionInAModelWithEmbeddingMasksAndDropout() {
        KerasTensor tokens = Input.of(-1);
        KerasTensor e = new Embedding(20, 8).maskZero(true).apply(tokens);
        KerasTensor h = new MultiHeadAttention(2, 4).dropout(0.5).seed(3).apply(e, e);
        KerasTensor out = new LSTM(3).apply(h);
        Model m = new Model(tokens, out);
        Tensor ids = Tensor.of(new int[] {4, 9, 2, 0, 0, 7, 7, 1, 3, 5}, 2, 5);
        Tensor y = m.apply(ids);
        // the padded sample equals its tokens without padding: padded keys are ignored and the mask reaches the LSTM
        Tensor alone = m.apply(Tensor.of(new int[] {4, 9, 2}, 1, 3));
        assertClose(alone, Ops.sliceAxis(y, 0, 0, 1), 1e-6, 1e-5, "padding is invisible");
        Tensor t1 = m.apply(ids, true), t2 = m.apply(ids, true);
        assertTrue(!Arrays.equals(t1.toFloatArray(), t2.toFloatArray()), "dropout draws new masks in training");
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 2));
        assertThrows(UnsupportedOperationException.class, () -> new MultiHeadAttention(2, 2).apply(List.of(Tensor.ones(2, 4), Tensor.ones(2, 4)), false));
    }
}
