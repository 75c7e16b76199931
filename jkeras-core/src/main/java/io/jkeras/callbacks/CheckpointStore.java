package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How {@link ModelCheckpoint} and {@link BackupAndRestore} write and read a model: the narrow
 * interface between the callbacks and the saving code.
 *
 * <p>The default, {@link #defaultStore()}, is {@link KerasFilesStore}: Keras 3 {@code .keras} and
 * {@code .weights.h5} files through {@code io.jkeras.saving}. Pass another store to a callback
 * with its {@code store(...)} method.
 */
public interface CheckpointStore {
    /** Writes the whole model (architecture, weights, compile state) to {@code path} (Keras's {@code model.save}). */
    void saveModel(Model model, Path path) throws IOException;

    /** Writes the model's weights, and the optimizer's state when the model is compiled (Keras's {@code model.save_weights}). */
    void saveWeights(Model model, Path path) throws IOException;

    /** Reads weights written by {@link #saveWeights} back into {@code model} (Keras's {@code model.load_weights}). */
    void loadWeights(Model model, Path path) throws IOException;

    /** The store the callbacks use unless told otherwise. */
    static CheckpointStore defaultStore() { return KerasFilesStore.INSTANCE; }
}
