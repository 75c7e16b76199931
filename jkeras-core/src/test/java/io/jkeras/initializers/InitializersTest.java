package io.jkeras.initializers;

import io.jkeras.utils.Json;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializersTest {
    private static final double TRUNC = 0.87962566103423978;

    // ---------------------------------------------------------------- identifiers and configs

    @Test void identifiersGiveKerasClassesWithKerasDefaultConfigs() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("zeros", "Zeros"); ids.put("ones", "Ones"); ids.put("constant", "Constant"); ids.put("identity", "Identity");
        ids.put("random_normal", "RandomNormal"); ids.put("random_uniform", "RandomUniform"); ids.put("truncated_normal", "TruncatedNormal");
        ids.put("variance_scaling", "VarianceScaling"); ids.put("glorot_uniform", "GlorotUniform"); ids.put("glorot_normal", "GlorotNormal");
        ids.put("he_uniform", "HeUniform"); ids.put("he_normal", "HeNormal"); ids.put("lecun_uniform", "LecunUniform");
        ids.put("lecun_normal", "LecunNormal"); ids.put("orthogonal", "Orthogonal");
        ids.put("normal", "RandomNormal"); ids.put("uniform", "RandomUniform"); ids.put("one", "Ones"); ids.put("zero", "Zeros");
        ids.put("IdentityInitializer", "Identity"); ids.put("OrthogonalInitializer", "Orthogonal");
        ids.forEach((id, cls) -> {
            assertEquals(cls, Initializers.get(id).className(), id);
            assertEquals(cls, Initializers.get(cls).className(), cls);
            assertEquals(cls, Initializers.get(id.toUpperCase()).className(), id.toUpperCase());
        });
        assertEquals(config("seed", null, "mean", 0.0, "stddev", 0.05), Initializers.get("random_normal").getConfig());
        assertEquals(config("seed", null, "mean", 0.0, "stddev", 0.05), Initializers.get("truncated_normal").getConfig());
        assertEquals(config("seed", null, "minval", -0.05, "maxval", 0.05), Initializers.get("random_uniform").getConfig());
        assertEquals(config("seed", null, "scale", 1.0, "mode", "fan_in", "distribution", "truncated_normal", "input_axes", null, "output_axes", null),
                Initializers.get("variance_scaling").getConfig());
        for (String id : List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal")) {
            assertEquals(config("seed", null, "input_axes", null, "output_axes", null), Initializers.get(id).getConfig(), id);
        }
        assertEquals(config("seed", null, "gain", 1.0), Initializers.get("orthogonal").getConfig());
        assertEquals(config("gain", 1.0), Initializers.get("identity").getConfig());
        assertEquals(config("value", 0.0), Initializers.get("constant").getConfig());
        assertEquals(Map.of(), Initializers.get("zeros").getConfig());
        // presets are VarianceScaling with Keras's parameters
        VarianceScaling he = (VarianceScaling) Initializers.get("he_normal");
        assertEquals(2.0, he.scale());
        assertEquals(VarianceScaling.Mode.FAN_IN, he.mode());
        assertEquals(VarianceScaling.Distribution.TRUNCATED_NORMAL, he.distribution());
        VarianceScaling gu = new GlorotUniform();
        assertEquals(VarianceScaling.Mode.FAN_AVG, gu.mode());
        assertEquals(VarianceScaling.Distribution.UNIFORM, gu.distribution());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("glorot"));
        assertTrue(e.getMessage().contains("'glorot'") && e.getMessage().contains("glorot_uniform") && e.getMessage().contains("he_normal"), e.getMessage());
    }

    /** Every initializer config that real Keras 3.15 wrote in the fixtures reads back to the same config. */
    @Test void configsMatchWhatKeras315Wrote() throws IOException {
        Path root = SharedFixtures.require("fixtures/keras3");
        List<Map<String, Object>> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.map(d -> d.resolve("model.keras")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            try (ZipFile zip = new ZipFile(f.toFile())) {
                collect(Json.parse(new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8)), found);
            }
        }
        assertFalse(found.isEmpty());
        List<String> classes = new ArrayList<>();
        for (Map<String, Object> o : found) {
            String cls = (String) o.get("class_name");
            Map<String, Object> cfg = obj(o.get("config"));
            assertEquals(cfg, Initializers.fromConfig(cls, cfg).getConfig(), cls);
            assertEquals(cfg, Initializers.get(cls).getConfig(), cls + " defaults");   // the fixtures use defaults
            assertEquals(new ArrayList<>(cfg.keySet()), new ArrayList<>(Initializers.get(cls).getConfig().keySet()), cls + " key order");
            if (!classes.contains(cls)) classes.add(cls);
        }
        assertTrue(classes.containsAll(List.of("GlorotUniform", "Zeros", "Ones", "Orthogonal", "RandomUniform")), classes.toString());
    }

    private static void collect(Object o, List<Map<String, Object>> out) {
        if (o instanceof Map<?, ?> m) {
            if ("keras.initializers".equals(m.get("module"))) out.add(obj(m));
            for (Object v : m.values()) collect(v, out);
        } else if (o instanceof List<?> l) {
            for (Object v : l) collect(v, out);
        }
    }

    @Test void fromConfigRoundTripsAndAcceptsTfjsStyleConfigs() {
        List<Initializer> all = List.of(new Constant(2.5), new Identity(0.5), new RandomNormal(0.1, 0.2, 5), new RandomUniform(-1, 2, 6),
                new TruncatedNormal(0.3, 0.4, 7), new VarianceScaling(3.0, "fan_out", "untruncated_normal", 8L),
                new GlorotUniform(9), new GlorotNormal(10), new HeUniform(11), new HeNormal(12), new LecunUniform(13), new LecunNormal(14),
                new Orthogonal(1.5, 15), new HeNormal(16L, new int[] {0, 1}, new int[] {2}));
        Shape s = Shape.of(4, 3, 5);
        for (Initializer i : all) {
            Initializer j = Initializers.fromConfig(i.className(), i.getConfig());
            assertEquals(i.className(), j.className());
            assertEquals(i.getConfig(), j.getConfig(), i.className());
            Shape shape = i instanceof Identity ? Shape.of(4, 5) : s;
            assertTrue(i.generate(shape).contentEquals(j.generate(shape)), i + ": same config and seed, same values");
        }
        // tfjs writes VarianceScaling with "normal" (Keras: truncated_normal) and integer numbers
        Map<String, Object> tfjs = config("scale", 1, "mode", "fan_avg", "distribution", "normal", "seed", null);
        VarianceScaling v = (VarianceScaling) Initializers.fromConfig("VarianceScaling", tfjs);
        assertEquals(VarianceScaling.Distribution.TRUNCATED_NORMAL, v.distribution());
        assertEquals(VarianceScaling.Mode.FAN_AVG, v.mode());
        assertEquals(1.0, v.scale());
        assertNull(v.seed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.fromConfig("RandomNormal", config("stddev", "big")));
        assertTrue(e.getMessage().contains("stddev") && e.getMessage().contains("big"), e.getMessage());
    }

    // ---------------------------------------------------------------- fans

    @Test void fansFollowKerasRules() {
        assertArrayEquals(new long[] {1, 1}, Initializers.fans(Shape.of()));
        assertArrayEquals(new long[] {7, 7}, Initializers.fans(Shape.of(7)));
        assertArrayEquals(new long[] {5, 6}, Initializers.fans(Shape.of(5, 6)));
        assertArrayEquals(new long[] {3 * 4, 3 * 8}, Initializers.fans(Shape.of(3, 4, 8)));             // Conv1D (k, in, out)
        assertArrayEquals(new long[] {3 * 3 * 16, 3 * 3 * 32}, Initializers.fans(Shape.of(3, 3, 16, 32))); // Conv2D
        assertArrayEquals(new long[] {2 * 3 * 3 * 4, 2 * 3 * 3 * 5}, Initializers.fans(Shape.of(2, 3, 3, 4, 5))); // Conv3D
        assertArrayEquals(new long[] {6, 4}, Initializers.fans(Shape.of(2, 3, 4), new int[] {0, 1}, new int[] {2}));
        assertArrayEquals(new long[] {2, 12}, Initializers.fans(Shape.of(2, 3, 4), new int[] {0}, new int[] {-2, -1}));
        assertArrayEquals(new long[] {3 * 4, 3 * 8}, Initializers.fans(Shape.of(3, 4, 8), new int[] {0}, null)); // one side only: usual rule
    }

    // ---------------------------------------------------------------- statistics

    private static final Shape BIG = Shape.of(400, 500);          // 200,000 values
    private static final Shape CONV = Shape.of(5, 5, 40, 60);     // 60,000 values; fan_in 1000, fan_out 1500

    /** mean, std, min, max. */
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double s = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double x : v) { s += x; min = Math.min(min, x); max = Math.max(max, x); }
        double mean = s / v.length, q = 0;
        for (double x : v) q += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(q / v.length), min, max};
    }

    /** Checks mean and std within six standard errors of the estimators. */
    private static void assertMoments(String what, Tensor t, double mean, double std) {
        int n = t.size();
        double[] st = stats(t);
        double meanTol = 6 * std / Math.sqrt(n), stdTol = 6 * std / Math.sqrt(2.0 * n);
        assertEquals(mean, st[0], meanTol, what + " mean");
        assertEquals(std, st[1], stdTol, what + " std");
    }

    @Test void randomNormalUniformAndTruncatedNormalHaveTheirDistributions() {
        assertMoments("RandomNormal(0.3, 2)", new RandomNormal(0.3, 2.0, 1).generate(BIG), 0.3, 2.0);
        Tensor u = new RandomUniform(-0.5, 1.5, 2).generate(BIG);
        assertMoments("RandomUniform(-0.5, 1.5)", u, 0.5, 2 / Math.sqrt(12));
        double[] su = stats(u);
        assertTrue(su[2] >= -0.5 && su[3] < 1.5 && su[2] < -0.499 && su[3] > 1.499, Arrays.toString(su));
        Tensor t = new TruncatedNormal(1.0, 0.5, 3).generate(BIG);
        assertMoments("TruncatedNormal(1, 0.5)", t, 1.0, 0.5 * TRUNC);   // stddev is the pre-truncation one
        double[] stn = stats(t);
        assertTrue(stn[2] >= 0 && stn[3] <= 2 && stn[2] < 0.01 && stn[3] > 1.99, Arrays.toString(stn));
        // defaults: stddev 0.05 and [-0.05, 0.05)
        assertMoments("RandomNormal()", new RandomNormal().generate(BIG), 0, 0.05);
        double[] du = stats(new RandomUniform().generate(BIG));
        assertTrue(du[2] >= -0.05 && du[3] < 0.05 && du[3] > 0.0499, Arrays.toString(du));
    }

    @Test void varianceScalingFamilyHasKerasVariances() {
        double fanIn = 1000, fanOut = 1500, avg = 1250;
        // truncated normals: stddev after truncation is sqrt(scale / n) thanks to the 0.8796 correction; values within 2 raw stddevs
        checkTruncated("HeNormal", new HeNormal(21).generate(CONV), Math.sqrt(2 / fanIn));
        checkTruncated("LecunNormal", new LecunNormal(22).generate(CONV), Math.sqrt(1 / fanIn));
        checkTruncated("GlorotNormal", new GlorotNormal(23).generate(CONV), Math.sqrt(1 / avg));
        checkTruncated("VarianceScaling(3, fan_out)", new VarianceScaling(3.0, "fan_out", "truncated_normal", 24L).generate(CONV), Math.sqrt(3 / fanOut));
        // uniforms: limit sqrt(3 scale / n)
        checkUniform("HeUniform", new HeUniform(25).generate(CONV), Math.sqrt(6 / fanIn));
        checkUniform("LecunUniform", new LecunUniform(26).generate(CONV), Math.sqrt(3 / fanIn));
        checkUniform("GlorotUniform", new GlorotUniform(27).generate(CONV), Math.sqrt(6 / (fanIn + fanOut)));
        checkUniform("GlorotUniform 2-D", new GlorotUniform(28).generate(BIG), Math.sqrt(6.0 / 900));
        // untruncated normal: plain stddev sqrt(scale / n)
        Tensor un = new VarianceScaling(0.5, "fan_avg", "untruncated_normal", 29L).generate(CONV);
        assertMoments("untruncated_normal", un, 0, Math.sqrt(0.5 / avg));
        assertTrue(stats(un)[3] > 2.5 * Math.sqrt(0.5 / avg), "an untruncated normal has values beyond 2 stddevs");
        // explicit axes change the fans: fan_in from axes {2,3} of CONV = 40 * 60
        checkTruncated("HeNormal(input_axes=[2,3])", new HeNormal(30L, new int[] {2, 3}, new int[] {0}).generate(CONV), Math.sqrt(2.0 / 2400));
        // fans below 1 are floored at 1 (a scalar weight)
        assertEquals(1, new GlorotUniform(31).generate(Shape.of()).size());
    }

    private static void checkTruncated(String what, Tensor t, double std) {
        assertMoments(what, t, 0, std);
        double raw = std / TRUNC;
        double[] s = stats(t);
        assertTrue(s[2] >= -2 * raw && s[3] <= 2 * raw, what + ": values beyond 2 raw stddevs " + Arrays.toString(s));
        assertTrue(s[3] > 1.95 * raw, what + ": the tail up to 2 raw stddevs is missing " + Arrays.toString(s));
    }

    private static void checkUniform(String what, Tensor t, double limit) {
        assertMoments(what, t, 0, limit / Math.sqrt(3));
        double[] s = stats(t);
        assertTrue(s[2] >= -limit && s[3] < limit && s[2] < -0.99 * limit && s[3] > 0.99 * limit, what + " " + Arrays.toString(s) + " limit " + limit);
    }

    // ---------------------------------------------------------------- seeds

    @Test void seedsAreDeterministicAndAnObjectRepeatsItselfLikeKeras3() {
        Shape s = Shape.of(7, 9);
        List<RandomInitializer> seeded = List.of(new RandomNormal(0, 1, 42), new RandomUniform(0, 1, 42), new TruncatedNormal(0, 1, 42),
                new HeNormal(42), new GlorotUniform(42), new Orthogonal(1.0, 42));
        for (RandomInitializer i : seeded) {
            Tensor a = i.generate(s);
            assertTrue(a.contentEquals(i.generate(s)), i + ": one object called twice gives the same values (Keras 3)");
            Initializer twin = Initializers.fromConfig(i.className(), i.getConfig());
            assertTrue(a.contentEquals(twin.generate(s)), i + ": same seed, same bits");
            Initializer other = Initializers.fromConfig(i.className(), withSeed(i.getConfig(), 43));
            assertFalse(a.contentEquals(other.generate(s)), i + ": another seed, other values");
            assertEquals(42L, i.seed());
            // float64 draws the same numbers at full precision
            float[] f32 = a.floats();
            double[] f64 = i.generate(s, DType.FLOAT64).doubles();
            for (int k = 0; k < f32.length; k++) assertEquals(f32[k], (float) f64[k], i.toString());
        }
    }

    @Test void unseededInitializersFollowTheGlobalSeed() {
        Shape s = Shape.of(6, 5);
        SeedGenerator.setGlobalSeed(2024);
        GlorotUniform a = new GlorotUniform();
        Initializer b = Initializers.get("glorot_uniform");
        Tensor va = a.generate(s), vb = b.generate(s);
        assertTrue(va.contentEquals(a.generate(s)), "an unseeded object is fixed once made (Keras 3)");
        assertFalse(va.contentEquals(vb), "two unseeded objects draw different seeds");
        assertNull(a.seed());
        assertNull(a.getConfig().get("seed"), "an unseeded initializer writes seed=None");
        SeedGenerator.setGlobalSeed(2024);
        assertTrue(va.contentEquals(new GlorotUniform().generate(s)), "the same global seed replays the same sequence");
        assertTrue(vb.contentEquals(Initializers.get("glorot_uniform").generate(s)));
    }

    // ---------------------------------------------------------------- orthogonal, identity, constants

    @Test void orthogonalGivesOrthonormalColumnsOrRows() {
        checkOrthogonal(new Orthogonal(1.0, 1).generate(Shape.of(64, 32), DType.FLOAT64), 64, 32, 1.0, 1e-12);
        checkOrthogonal(new Orthogonal(1.0, 2).generate(Shape.of(32, 64), DType.FLOAT64), 32, 64, 1.0, 1e-12);
        checkOrthogonal(new Orthogonal(2.0, 3).generate(Shape.of(10, 10), DType.FLOAT64), 10, 10, 2.0, 1e-12);
        checkOrthogonal(new Orthogonal(1.0, 4).generate(Shape.of(3, 3, 4, 8), DType.FLOAT64), 36, 8, 1.0, 1e-12);
        checkOrthogonal(new Orthogonal(1.0, 5).generate(Shape.of(40, 30)), 40, 30, 1.0, 1e-5);   // float32
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Orthogonal().generate(Shape.of(5)));
        assertTrue(e.getMessage().contains("at least two-dimensional") && e.getMessage().contains("(5"), e.getMessage());
    }

    @Test void orthogonalIsTheQOfAQrWithPositiveDiagonal() {
        // Keras: Q of the QR of a normal (max, min) matrix, times the signs of R's diagonal
        Orthogonal o = new Orthogonal(1.0, 77);
        int m = 12, n = 5;
        double[] a = Ops.randomNormal(Shape.of(m, n), 0.0, 1.0, DType.FLOAT64, o.streamSeed()).toDoubleArray();
        double[] q = o.generate(Shape.of(m, n), DType.FLOAT64).doubles();
        double[] r = new double[n * n];   // R = Q^T A
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < m; k++) s += q[k * n + i] * a[k * n + j];
            r[i * n + j] = s;
        }
        for (int i = 0; i < n; i++) {
            assertTrue(r[i * n + i] > 0, "R's diagonal is positive");
            for (int j = 0; j < i; j++) assertEquals(0, r[i * n + j], 1e-12, "R is upper triangular");
        }
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {   // Q R = A
            double s = 0;
            for (int k = 0; k < n; k++) s += q[i * n + k] * r[k * n + j];
            assertEquals(a[i * n + j], s, 1e-12);
        }
        // a wide shape is the transpose of the tall one drawn from the same seed
        double[] wide = new Orthogonal(1.0, 77).generate(Shape.of(n, m), DType.FLOAT64).doubles();
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) assertEquals(q[i * n + j], wide[j * m + i], 0);
    }

    private static void checkOrthogonal(Tensor w, int rows, int cols, double gain, double tol) {
        double[] v = w.toDoubleArray();
        boolean tall = rows >= cols;
        int k = tall ? cols : rows;
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) {
            double s = 0;
            if (tall) for (int r = 0; r < rows; r++) s += v[r * cols + i] * v[r * cols + j];       // W^T W
            else for (int c = 0; c < cols; c++) s += v[i * cols + c] * v[j * cols + c];           // W W^T
            assertEquals(i == j ? gain * gain : 0, s, tol, "(" + i + "," + j + ") of " + (tall ? "W^T W" : "W W^T"));
        }
    }

    @Test void identityAndConstants() {
        double[] eye = new Identity(0.5).generate(Shape.of(3, 5), DType.FLOAT64).doubles();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) assertEquals(i == j ? 0.5 : 0, eye[i * 5 + j]);
        Tensor sq = Initializers.get("identity").generate(Shape.of(4, 4));
        assertEquals(DType.FLOAT32, sq.dtype());
        assertEquals(4.0, Ops.sum(sq).item());
        assertEquals(1.0, sq.get(2, 2));
        assertEquals(DType.INT32, new Identity().generate(Shape.of(2, 2), DType.INT32).dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Identity().generate(Shape.of(2, 2, 2)));
        assertTrue(e.getMessage().contains("2D") && e.getMessage().contains("rank 3"), e.getMessage());
        Tensor c = new Constant(3.5).generate(Shape.of(2, 3), DType.FLOAT64);
        for (double x : c.doubles()) assertEquals(3.5, x);
        assertEquals(0.0, Ops.sum(new Zeros().generate(Shape.of(3, 2))).item());
        assertEquals(6.0, Ops.sum(Initializers.ones().generate(Shape.of(3, 2))).item());
        assertInstanceOf(GlorotUniform.class, Initializers.glorotUniform(null));
    }

    @Test void invalidArgumentsAreReportedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(0, "fan_in", "uniform", null));
        assertTrue(e.getMessage().contains("scale=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, "fan_sum", "uniform", null));
        assertTrue(e.getMessage().contains("fan_sum") && e.getMessage().contains("fan_avg"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, "fan_in", "gamma", null));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("untruncated_normal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HeNormal(1).generate(Shape.of(2, 2), DType.INT32));
        assertTrue(e.getMessage().contains("HeNormal") && e.getMessage().contains("int32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomUniform(1, 0));
    }

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, Object> withSeed(Map<String, Object> cfg, long seed) {
        Map<String, Object> m = new LinkedHashMap<>(cfg);
        m.put("seed", seed);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object o) { return (List<Object>) o; }
}
