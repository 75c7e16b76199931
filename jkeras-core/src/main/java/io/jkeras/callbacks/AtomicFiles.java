package io.jkeras.callbacks;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file through a temporary sibling and a rename, so a crash never leaves a half-written file under the real name. */
final class AtomicFiles {
    private AtomicFiles() {}

    interface Writer { void write(Path tmp) throws IOException; }

    /**
     * Calls {@code writer} on a temporary path in the same directory whose name ends like
     * {@code target}'s (so extension checks still pass), then moves it over {@code target}.
     */
    static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new IOException("Please specify a non-directory filepath for the checkpoint. "
                + "Filepath used is an existing directory: " + target);
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        Path tmp = (dir == null ? Path.of(".") : dir).resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + name);
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes text atomically. */
    static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text));
    }
}
