package io.jkeras.utils;

import io.jkeras.models.Model;

/** Keras 3's {@code model.summary()} table. */
public final class Summary {
    private Summary() {}

    public static String of(Model model) {
        throw new UnsupportedOperationException("summary is not implemented yet");
    }
}
