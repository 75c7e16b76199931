package io.jkeras.examples;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.examples.ImdbTransformer.TokenAndPositionEmbedding;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The keras.io Transformer text classifier: its size, one training step, and the position embedding's values and gradients. */
class ImdbTransformerTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void modelHasKerasIoSizes() {
        Model m = ImdbTransformer.buildModel();
        long tokenEmb = 20_000L * 32, posEmb = 200L * 32;
        // Keras MultiHeadAttention(num_heads=2, key_dim=32) on 32 features: query/key/value kernels (32, 2, 32) + biases (2, 32),
        // output kernel (2, 32, 32) + bias (32,)
        long mha = 3 * (32 * 2 * 32 + 2 * 32) + (2 * 32 * 32 + 32);
        assertEquals(8_416, mha);
        long ffn = (32 * 32 + 32) + (32 * 32 + 32);
        long norms = 2 * (32 + 32);
        long head = (32 * 20 + 20) + (20 * 2 + 2);
        assertEquals(tokenEmb + posEmb + mha + ffn + norms + head, m.countParams());
        assertEquals(657_758, m.countParams());
        String s = m.summaryString();
        for (String row : List.of("(None, 200, 32)", "(None, 32)", "(None, 20)", "(None, 2)")) {
            assertTrue(s.contains(row), "summary shows " + row + ":\n" + s);
        }
    }

    @Test void oneTrainingStepOnATinyBatch() {
        Model m = ImdbTransformer.buildModel();
        m.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
        int n = 4;
        int[] idx = new int[n * 200];
        for (int i = 0; i < idx.length; i++) idx[i] = (i * 7919) % 20_000;
        Tensor x = Tensor.wrap(idx, Shape.of(n, 200));
        Tensor y = Tensor.wrap(new int[] {0, 1, 1, 0}, Shape.of(n));
        Map<String, Double> r = m.trainOnBatch(x, y);
        double loss = r.get("loss");
        assertTrue(Double.isFinite(loss), "finite loss: " + loss);
        // an untrained 2-way softmax starts near ln 2
        assertEquals(Math.log(2), loss, 0.5);
        Tensor p = m.predict(x);
        assertEquals(Shape.of(n, 2), p.shape());
        double[] pv = p.toDoubleArray();
        for (int i = 0; i < n; i++) assertEquals(1.0, pv[2 * i] + pv[2 * i + 1], 1e-5);
    }

    @Test void addsPositionRowsAndSendsGradientsToThem() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(5, 4, 2);
        e.buildFor(Shape.of(Shape.UNKNOWN, 3));
        // token rows t_i = (10 i, 10 i + 1), position rows p_j = (j, -j)
        e.tokenEmbedding().embeddings().assign(Tensor.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2));
        e.positionEmbedding().embeddings().assign(Tensor.of(new float[] {0, 0, 1, -1, 2, -2, 3, -3, 4, -4}, 5, 2));
        Tensor x = Tensor.wrap(new int[] {3, 0, 2, 1, 1, 3}, Shape.of(2, 3));
        Variable tok = e.tokenEmbedding().embeddings(), pos = e.positionEmbedding().embeddings();
        // upstream weights w[b, t, d] = 1 + b + 10 t + 100 d, so each gradient row says where it came from
        float[] w = new float[12];
        for (int b = 0; b < 2; b++) for (int t = 0; t < 3; t++) for (int d = 0; d < 2; d++) w[b * 6 + t * 2 + d] = 1 + b + 10 * t + 100 * d;
        List<Tensor> grads;
        Tensor out;
        try (GradientTape tape = new GradientTape()) {
            out = e.apply(x, true);
            grads = tape.gradient(Ops.sum(Ops.multiply(out, Tensor.of(w, 2, 3, 2))), List.of(tok, pos));
        }
        assertEquals(Shape.of(2, 3, 2), out.shape());
        assertArrayEquals(new float[] {30, 31, 1, 0, 22, 19, 10, 11, 11, 10, 32, 29}, out.toFloatArray(), 0f);
        // d/dpos[t] = sum over the batch of w[b, t]; rows 3 and 4 are unused
        assertArrayEquals(new float[] {3, 203, 23, 223, 43, 243, 0, 0, 0, 0}, grads.get(1).toFloatArray(), 0f);
        // d/dtok[i] = sum of w[b, t] over the places where x[b, t] = i: 0 <- (0,1); 1 <- (1,0),(1,1); 2 <- (0,2); 3 <- (0,0),(1,2)
        assertArrayEquals(new float[] {11, 111, 2 + 12, 102 + 112, 21, 121, 1 + 22, 101 + 122}, grads.get(0).toFloatArray(), 0f);
    }

    @Test void refusesSequencesLongerThanItsPositions() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(2, 4, 2);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.zeros(Shape.of(1, 3), DType.INT32)));
        assertTrue(ex.getMessage().contains("maxlen=2") && ex.getMessage().contains("length 3"), ex.getMessage());
    }
}
