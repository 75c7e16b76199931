package io.jkeras.saving;

/**
 * Bounds on what a model file may make the loader read, so that a hostile or broken file is
 * refused instead of exhausting memory or disk. Sizes are counted while reading, never taken from
 * the file's headers alone.
 *
 * <pre>{@code
 * Model m = Models.load(path, SavingLimits.DEFAULT.withMaxWeightsBytes(64L << 30));  // allow 64 GiB of weights
 * }</pre>
 *
 * @param maxEntries          most entries a {@code .keras} zip may list
 * @param maxJsonBytes        largest {@code config.json} / {@code metadata.json}, uncompressed
 * @param maxWeightsBytes     largest {@code model.weights.h5}, uncompressed (and largest single dataset)
 * @param inMemoryWeightsBytes weights up to this size are read in memory; larger ones go to a
 *                            private temporary directory that is deleted afterwards
 * @param maxCompressionRatio most an entry may expand (uncompressed / compressed bytes) once it is
 *                            larger than 1 MiB; Keras stores entries uncompressed (ratio 1)
 */
public record SavingLimits(int maxEntries, long maxJsonBytes, long maxWeightsBytes, long inMemoryWeightsBytes, int maxCompressionRatio) {
    /** 64 entries, 64 MiB of JSON, 32 GiB of weights (256 MiB in memory), ratio 200. */
    public static final SavingLimits DEFAULT = new SavingLimits(64, 64L << 20, 32L << 30, 256L << 20, 200);

    public SavingLimits {
        if (maxEntries < 1 || maxJsonBytes < 1 || maxWeightsBytes < 1 || inMemoryWeightsBytes < 0 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("SavingLimits must be positive, received " + maxEntries + ", " + maxJsonBytes + ", "
                    + maxWeightsBytes + ", " + inMemoryWeightsBytes + ", " + maxCompressionRatio);
        }
        if (inMemoryWeightsBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("inMemoryWeightsBytes must fit a Java array, received " + inMemoryWeightsBytes);
    }

    public SavingLimits withMaxWeightsBytes(long n) { return new SavingLimits(maxEntries, maxJsonBytes, n, inMemoryWeightsBytes, maxCompressionRatio); }

    public SavingLimits withInMemoryWeightsBytes(long n) { return new SavingLimits(maxEntries, maxJsonBytes, maxWeightsBytes, n, maxCompressionRatio); }

    public SavingLimits withMaxJsonBytes(long n) { return new SavingLimits(maxEntries, n, maxWeightsBytes, inMemoryWeightsBytes, maxCompressionRatio); }
}
