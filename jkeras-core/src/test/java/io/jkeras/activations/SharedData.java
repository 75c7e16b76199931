package io.jkeras.activations;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Test helper: finds {@code ../shared} beside the project root (tests may run from the root or the
 * module folder) and reads the raw float32 and .npy files there. Tests skip where it is absent.
 */
public final class SharedData {
    private SharedData() {}

    /** {@code ../shared/<relative>}; skips the calling test when it does not exist. */
    public static Path require(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        Path found = null;
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("jkeras-core")) && dir.getParent() != null) {
                found = dir.getParent().resolve("shared").resolve(relative);
                break;
            }
        }
        Assumptions.assumeTrue(found != null && Files.exists(found), "shared data ../shared/" + relative + " is absent; skipping");
        return found;
    }

    /** Raw little-endian float32 values (the oracle's .bin files). */
    public static float[] readBin(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    /** A little-endian float32 .npy array in C order: its shape and values. */
    public record Npy(int[] shape, float[] data) {}

    public static Npy readNpy(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all[0] != (byte) 0x93 || all[1] != 'N') throw new IOException(p + " is not a .npy file");
        int major = all[6];
        int headerLen = major == 1 ? (b.getShort(8) & 0xffff) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(p + ": only little-endian float32 in C order is read here, header: " + header.trim());
        }
        String shapeText = header.substring(header.indexOf("'shape': (") + 10);
        shapeText = shapeText.substring(0, shapeText.indexOf(')'));
        int[] shape = Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        b.position(start + headerLen);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return new Npy(shape, f);
    }
}
