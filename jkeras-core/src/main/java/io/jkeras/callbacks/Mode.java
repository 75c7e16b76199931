package io.jkeras.callbacks;

import java.util.Locale;

/** Whether a monitored quantity should go down ({@code MIN}), up ({@code MAX}), or be inferred from its name ({@code AUTO}). */
public enum Mode {
    AUTO, MIN, MAX;

    /** Parses Keras's {@code "auto"}, {@code "min"} or {@code "max"}. */
    public static Mode of(String mode) {
        return switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "min" -> MIN;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException("mode must be one of \"auto\", \"min\", \"max\"; received \"" + mode + "\"");
        };
    }
}
