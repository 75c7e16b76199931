package io.jkeras.saving;

import java.io.IOException;

/**
 * A model file (or config) that jkeras refuses: not a Keras file, truncated or corrupted, hostile
 * (zip bombs, path traversal, HDF5 links), a layer class that is not registered, or weights whose
 * shapes do not match the architecture. The message is one line that names the file part, the
 * layer and the values involved.
 *
 * <pre>{@code
 * try {
 *     Model m = Models.load(Path.of("model.keras"));
 * } catch (ModelFormatException e) {
 *     System.err.println(e.getMessage());  // e.g. "model.keras: config.json: Layer class 'Lambda' ..."
 * }
 * }</pre>
 */
public class ModelFormatException extends IOException {
    public ModelFormatException(String message) { super(message); }

    public ModelFormatException(String message, Throwable cause) { super(message, cause); }
}
