package io.jkeras.metrics;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Precision, Recall, the counts and AUC: Keras's own test values, hand counts, and AUC against the
 * exact (rank-based) ROC AUC.
 */
class ConfusionMetricsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    static Tensor v(double... x) { return Tensor.of(x, x.length); }

    @Test void precisionAsKeras() {
        Precision p = new Precision();
        p.updateState(v(0, 1, 1, 0), v(1, 0, 1, 0));
        assertEquals(0.5, p.result(), 1e-12);

        Precision w = new Precision();
        w.updateState(m(new double[][] {{0, 1, 1, 0}, {1, 0, 0, 1}}), m(new double[][] {{1, 0, 1, 0}, {1, 0, 1, 0}}),
                m(new double[][] {{1, 2, 3, 4}, {4, 3, 2, 1}}));
        assertEquals((3.0 + 4.0) / ((1.0 + 3.0) + (4.0 + 2.0)), w.result(), 1e-12);

        Precision zero = new Precision();
        zero.updateState(v(0, 0, 0, 0), v(0, 0, 0, 0));
        assertEquals(0.0, zero.result(), 0);

        Precision two = new Precision(new double[] {0.5, 0.7}, null, null, null);
        two.updateState(v(0, 1, 1, 0), v(1, 0, 0.6, 0));
        assertArrayEquals(new double[] {0.5, 0.0}, two.results(), 1e-12);
        IllegalStateException many = assertThrows(IllegalStateException.class, two::result);
        assertTrue(many.getMessage().contains("results()"), many.getMessage());

        Precision multi = new Precision(new double[] {0.5, 1.0}, null, null, null);
        for (int i = 0; i < 2; i++) {
            multi.updateState(m(new double[][] {{0, 1}, {1, 0}}), m(new double[][] {{1, 0}, {0.6, 0}}), m(new double[][] {{4, 0}, {3, 1}}));
        }
        assertArrayEquals(new double[] {6.0 / 14.0, 0}, multi.results(), 1e-12);
    }

    @Test void precisionTopKAndClassId() {
        Precision top3 = new Precision(null, 3, null, null);
        top3.updateState(v(0, 1, 1, 0, 0), v(0.2, 0.1, 0.5, 0, 0.2));
        assertEquals(1.0 / 3, top3.result(), 1e-12);

        Precision wtop = new Precision(null, 3, null, null);
        wtop.updateState(m(new double[][] {{0, 1, 1, 0, 1}}), m(new double[][] {{0.2, 0.1, 0.4, 0, 0.2}}), m(new double[][] {{1, 4, 2, 3, 5}}));
        wtop.updateState(v(1, 0, 1, 1, 1), v(0.2, 0.6, 0.4, 0.2, 0.2), Tensor.scalar(3, io.jkeras.tensor.DType.FLOAT64));
        assertEquals((double) ((2 + 5) + (3 + 3)) / ((1 + 2 + 5) + (3 + 3 + 3)), wtop.result(), 1e-12);

        Precision cls = new Precision(null, null, 1, null);
        double[][] yp = {{0.1, 0.2, 0.7}, {0.5, 0.3, 0.2}, {0.2, 0.6, 0.2}, {0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}};
        double[][] yt = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
        cls.updateState(m(yt), m(yp));
        assertEquals(1.0, cls.result(), 1e-12);

        Precision both = new Precision(new double[] {0.7}, 2, null, null);
        both.updateState(v(0, 1, 1, 0, 1), v(0.2, 0.8, 0.6, 0, 0.2));
        assertEquals(1.0, both.result(), 1e-12);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Precision(null, null, 2, null).updateState(v(0, 1, 1, 0, 0), v(0.2, 0.1, 0.6, 0, 0.2)));
        assertTrue(e.getMessage().contains("When class_id is provided"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Precision(1.5));
    }

    @Test void recallAndCountsByHand() {
        Tensor t = v(1, 1, 1, 0, 0, 1, 0);
        Tensor p = v(0.9, 0.4, 0.6, 0.7, 0.2, 0.5, 0.1);
        Tensor w = v(1, 2, 3, 4, 5, 6, 7);
        // threshold 0.5: positives predicted: 0.9(1), 0.6(3), 0.7(4); 0.5 is not above
        Recall r = new Recall();
        r.updateState(t, p, w);
        assertEquals((1 + 3) / (1.0 + 2 + 3 + 6), r.result(), 1e-12);
        TruePositives tp = new TruePositives();
        FalsePositives fp = new FalsePositives();
        TrueNegatives tn = new TrueNegatives();
        FalseNegatives fn = new FalseNegatives();
        for (Metric mt : List.of(tp, fp, tn, fn)) mt.updateState(t, p, w);
        assertEquals(4, tp.result(), 0);
        assertEquals(4, fp.result(), 0);
        assertEquals(12, tn.result(), 0);
        assertEquals(8, fn.result(), 0);
        Recall rt = new Recall(new double[] {0.0, 0.45, 0.95}, null, null, "recall_at");
        rt.updateState(t, p);
        assertArrayEquals(new double[] {1.0, 3.0 / 4, 0.0}, rt.results(), 1e-12);
        rt.resetState();
        assertArrayEquals(new double[] {0, 0, 0}, rt.results(), 0);
        // evenly spaced thresholds take Keras's bucket path; the counts must equal the direct ones
        Recall even = new Recall(new double[] {0.0, 0.25, 0.5, 0.75, 1.0}, null, null, null);
        Recall uneven = new Recall(new double[] {0.0, 0.25, 0.5, 0.75, 1.0 - 1e-9}, null, null, null);
        even.updateState(t, p, w);
        uneven.updateState(t, p, w);
        assertArrayEquals(uneven.results(), even.results(), 1e-12);
    }

    // ------------------------------------------------------------------ AUC (Keras's test values)

    static final Tensor T = v(0, 0, 1, 1);
    static final Tensor P = Tensor.of(new float[] {0, 0.5f, 0.3f, 0.9f}, 4);
    static final Tensor W = v(1, 2, 3, 4);

    @Test void aucAsKeras() {
        AUC all = new AUC();
        all.updateState(T, T);
        assertEquals(1.0, all.result(), 1e-12);

        AUC three = new AUC(3);
        three.updateState(T, P);
        assertEquals(0.75, three.result(), 1e-12);
        assertArrayEquals(new double[] {2, 1, 0}, three.truePositives(), 0);
        assertArrayEquals(new double[] {2, 0, 0}, three.falsePositives(), 0);
        assertArrayEquals(new double[] {0, 1, 2}, three.falseNegatives(), 0);
        assertArrayEquals(new double[] {0, 2, 2}, three.trueNegatives(), 0);

        double[] logits = new double[4];
        for (int i = 0; i < 4; i++) logits[i] = -Math.log(1.0 / (P.getFlat(i) + 1e-12) - 1.0);
        AUC fromLogits = new AUC(3, AUC.Curve.ROC, AUC.SummationMethod.INTERPOLATION, null, null, true);
        fromLogits.updateState(T, v(logits));
        assertEquals(0.75, fromLogits.result(), 1e-12);

        AUC manual = new AUC(2, AUC.Curve.ROC, AUC.SummationMethod.INTERPOLATION, null, new double[] {0.5}, false);
        assertEquals(3, manual.numThresholds());
        manual.updateState(T, P);
        assertEquals(0.75, manual.result(), 1e-12);

        double r = 4.0 / 7;
        assertEquals((1 + r) / 2, weighted(new AUC(3)), 1e-12);
        assertEquals(1.0, weighted(new AUC(3, "ROC", "majoring")), 1e-12);
        assertEquals(r, weighted(new AUC(3, "ROC", "minoring")), 1e-12);
        assertEquals(1 * (1 - r) + 1 * r, weighted(new AUC(3, "PR", "majoring")), 1e-12);
        assertEquals(0.7 * (1 - r), weighted(new AUC(3, "PR", "minoring")), 1e-12);
        assertEquals((0.5 * (3 + 2 * Math.log(2.5))) / 7 + 4.0 / 7, weighted(new AUC(3, "PR", "interpolation")), 1e-12);
        AUC neg = new AUC(3, "PR", "interpolation");
        neg.updateState(T, P, v(-1, -2, -3, -4));
        assertEquals(0.0, neg.result(), 0);
    }

    static double weighted(AUC auc) {
        auc.updateState(T, P, W);
        return auc.result();
    }

    @Test void aucAccumulatesOverBatchesAndResets() {
        AUC auc = new AUC(3);
        auc.updateState(v(0, 0), Tensor.of(new float[] {0, 0.5f}, 2), v(1, 2));
        auc.updateState(v(1, 1), Tensor.of(new float[] {0.3f, 0.9f}, 2), v(3, 4));
        assertEquals((1 + 4.0 / 7) / 2, auc.result(), 1e-12);
        auc.resetState();
        assertEquals(0.0, auc.result(), 0);
        auc.updateState(T, P);
        assertEquals(0.75, auc.result(), 1e-12);
    }

    /** The exact ROC AUC: the probability that a random positive outranks a random negative (ties count half). */
    static double exactRocAuc(double[] y, double[] s, double[] w) {
        double num = 0, pos = 0, neg = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1) pos += w[i]; else neg += w[i];
            if (y[i] != 1) continue;
            for (int j = 0; j < y.length; j++) {
                if (y[j] == 1) continue;
                double pair = w[i] * w[j];
                if (s[i] > s[j]) num += pair;
                else if (s[i] == s[j]) num += 0.5 * pair;
            }
        }
        return num / (pos * neg);
    }

    @Test void aucApproximatesTheExactRocAucWith200Thresholds() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 5; trial++) {
            int n = 400;
            double[] y = new double[n], s = new double[n], w = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextDouble() < 0.4 ? 1 : 0;
                double z = rng.nextGaussian() + (y[i] == 1 ? 1.0 : 0.0);
                s[i] = 1 / (1 + Math.exp(-z));
                w[i] = trial % 2 == 0 ? 1 : 0.5 + rng.nextDouble();
            }
            AUC auc = new AUC();
            auc.updateState(v(java.util.Arrays.copyOf(y, n / 2)), v(java.util.Arrays.copyOf(s, n / 2)), v(java.util.Arrays.copyOf(w, n / 2)));
            auc.updateState(v(java.util.Arrays.copyOfRange(y, n / 2, n)), v(java.util.Arrays.copyOfRange(s, n / 2, n)),
                    v(java.util.Arrays.copyOfRange(w, n / 2, n)));
            double exact = exactRocAuc(y, s, w);
            // the only error is within the 1/199-wide buckets (ties inside a bucket count half)
            assertEquals(exact, auc.result(), 2e-3, "trial " + trial);
            // with predictions at bucket midpoints, same-bucket pairs are exact ties: the trapezoids are then exact
            double[] sq = new double[n];
            for (int i = 0; i < n; i++) sq[i] = (Math.min(Math.floor(s[i] * 199), 198) + 0.5) / 199.0;
            AUC grid = new AUC();
            grid.updateState(v(y), v(sq), v(w));
            assertEquals(exactRocAuc(y, sq, w), grid.result(), 1e-5, "trial " + trial + " on the grid");
        }
    }

    @Test void aucArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new AUC(1));
        assertThrows(IllegalArgumentException.class, () -> new AUC(200, "XYZ", "interpolation"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AUC(200, "ROC", "trapezoid"));
        assertTrue(e.getMessage().contains("majoring"), e.getMessage());
        AUC a = new AUC(100, "PR", "majoring");
        assertEquals(100, a.getConfig().get("num_thresholds"));
        assertEquals("PR", a.getConfig().get("curve"));
        assertEquals("majoring", a.getConfig().get("summation_method"));
        assertEquals(List.of(0.3, 0.5), new AUC(0, AUC.Curve.PR, AUC.SummationMethod.MAJORING, "auc_1", new double[] {0.5, 0.3}, false)
                .getConfig().get("thresholds"));
        assertEquals(-1e-7, new AUC().thresholds()[0], 0);
        assertEquals(1 + 1e-7, new AUC().thresholds()[199], 0);
        assertEquals(1.0 / 199, new AUC().thresholds()[1], 1e-15);
    }
}
