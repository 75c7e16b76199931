package io.jkeras.saving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds (possibly broken) .keras archives for tests. */
final class KerasZips {
    private KerasZips() {}

    /** The entries of a zip, by name, in order. */
    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                try (InputStream in = z.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries, boolean deflate) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (!deflate) {
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    static Path write(Path dir, String name, Map<String, byte[]> entries, boolean deflate) throws IOException {
        return Files.write(dir.resolve(name), zip(entries, deflate));
    }

    static String text(Map<String, byte[]> entries, String name) { return new String(entries.get(name), StandardCharsets.UTF_8); }

    static Map<String, byte[]> with(Map<String, byte[]> entries, String name, byte[] value) {
        Map<String, byte[]> m = new LinkedHashMap<>(entries);
        m.put(name, value);
        return m;
    }

    static Map<String, byte[]> withText(Map<String, byte[]> entries, String name, String value) {
        return with(entries, name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in {@code b}. */
    static byte[] patch(byte[] b, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.ISO_8859_1), t = to.getBytes(StandardCharsets.ISO_8859_1);
        if (f.length != t.length) throw new IllegalArgumentException("same length needed");
        byte[] out = b.clone();
        outer:
        for (int i = 0; i + f.length <= out.length; i++) {
            for (int j = 0; j < f.length; j++) if (out[i + j] != f[j]) continue outer;
            System.arraycopy(t, 0, out, i, t.length);
        }
        return out;
    }

    /** Sets the uncompressed size recorded in the central directory for entry {@code name}. */
    static byte[] patchCentralSize(byte[] zip, String name, int size) {
        byte[] out = zip.clone();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 <= out.length; i++) {
            if (out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 1 && out[i + 3] == 2) {
                int nameLen = (out[i + 28] & 0xff) | (out[i + 29] & 0xff) << 8;
                if (nameLen == n.length && java.util.Arrays.equals(java.util.Arrays.copyOfRange(out, i + 46, i + 46 + nameLen), n)) {
                    out[i + 24] = (byte) size; out[i + 25] = (byte) (size >> 8); out[i + 26] = (byte) (size >> 16); out[i + 27] = (byte) (size >>> 24);
                    return out;
                }
            }
        }
        throw new IllegalArgumentException("entry " + name + " not found");
    }
}
