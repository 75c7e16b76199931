package io.jkeras.callbacks;

/**
 * What {@code fit} tells its callbacks before training (Keras's {@code callback.params}).
 *
 * @param epochs  the {@code epochs} argument of fit (the index one past the last epoch)
 * @param steps   batches per epoch, or {@code -1} when unknown (a dataset of unknown length)
 * @param verbose the resolved verbosity: 0 silent, 1 progress bar, 2 one line per epoch
 */
public record CallbackParams(int epochs, int steps, int verbose) {
    /** Whether the number of steps per epoch is known. */
    public boolean stepsKnown() { return steps >= 0; }
}
