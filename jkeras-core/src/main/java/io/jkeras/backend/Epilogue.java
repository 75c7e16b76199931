package io.jkeras.backend;

/**
 * The activation a fused dense kernel applies after {@code x @ kernel + bias}
 * ({@link Backend#dense}). Each one's derivative can be computed from its output alone, so the
 * backward pass keeps only the output.
 */
public enum Epilogue {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    /** The epilogue for a Keras activation name, or null when the activation has no fused form. */
    public static Epilogue forActivation(String kerasName) {
        return switch (kerasName) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            case "softmax" -> SOFTMAX;
            default -> null;
        };
    }
}
