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
    public ModelFormatException(String message) { super(printable(message)); }

    public ModelFormatException(String message, Throwable cause) { super(printable(message), cause); }

    /** Control characters (from corrupted names) would break the one-line message. */
    private static String printable(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
