package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@link CheckpointStore} the callbacks use by default: Keras's own files, written by
 * {@code io.jkeras.saving} — whole models as Keras 3 {@code .keras} files, weights (with the
 * optimizer's state when the model is compiled) as Keras 3 {@code .weights.h5} files, so
 * checkpoints open in Python Keras too.
 */
public final class KerasFilesStore implements CheckpointStore {
    static final KerasFilesStore INSTANCE = new KerasFilesStore();

    public KerasFilesStore() {}

    @Override public void saveModel(Model model, Path path) throws IOException { model.save(path); }

    @Override public void saveWeights(Model model, Path path) throws IOException { model.saveWeights(path); }

    @Override public void loadWeights(Model model, Path path) throws IOException { model.loadWeights(path); }
}
