package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * NumPy's legacy {@code np.random.RandomState(seed)}: the MT19937 generator seeded as NumPy seeds
 * it from an integer, and {@code shuffle} as NumPy draws it, so that the Keras loaders that shuffle
 * with {@code RandomState(113)} (boston_housing, california_housing, reuters) give the very same
 * train/test split in jkeras.
 */
final class NumpyRandom {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int mti;

    /** {@code RandomState(seed)} for a seed in [0, 2^32). */
    NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, received " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        mti = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    long nextUint32() {
        if (mti >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7FFFFFFF);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
            }
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    /** A uniform integer in [0, max] by masked rejection, as NumPy's legacy {@code random_interval}. */
    int interval(int max) {
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
        long v;
        while ((v = nextUint32() & mask) > max) { /* reject */ }
        return (int) v;
    }

    /** {@code rng.shuffle(np.arange(n))}: the permutation NumPy produces. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = interval(i);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /**
     * Keras's regression-set split: rows of {@code x} (n, f) and {@code y} (n) shuffled with
     * {@code RandomState(seed)}, the first {@code int(n * (1 - testSplit))} rows for training.
     */
    static Mnist.Data shuffleSplit(double[] x, double[] y, int features, double testSplit, long seed) {
        if (testSplit < 0 || testSplit >= 1) throw new IllegalArgumentException("test_split must be in [0, 1), received " + testSplit);
        int n = y.length;
        int[] p = new NumpyRandom(seed).permutation(n);
        int nTrain = (int) (n * (1 - testSplit));
        double[] xtr = new double[nTrain * features], ytr = new double[nTrain];
        double[] xte = new double[(n - nTrain) * features], yte = new double[n - nTrain];
        for (int i = 0; i < n; i++) {
            int src = p[i];
            if (i < nTrain) {
                System.arraycopy(x, src * features, xtr, i * features, features);
                ytr[i] = y[src];
            } else {
                System.arraycopy(x, src * features, xte, (i - nTrain) * features, features);
                yte[i - nTrain] = y[src];
            }
        }
        return new Mnist.Data(Tensor.wrap(xtr, Shape.of(nTrain, features)), Tensor.wrap(ytr, Shape.of(nTrain)),
                Tensor.wrap(xte, Shape.of(n - nTrain, features)), Tensor.wrap(yte, Shape.of(n - nTrain)));
    }
}
