package io.jkeras.saving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The parts of a {@code .keras} zip, read as untrusted input: only {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5} are accepted; entry names that could escape
 * a directory, duplicate names, too many entries, oversized or over-compressed entries and CRC
 * mismatches are refused. Bytes are counted while reading. Weights larger than
 * {@link SavingLimits#inMemoryWeightsBytes()} go to a private (owner-only) temporary directory,
 * deleted by {@link #close()}.
 */
final class KerasArchive implements AutoCloseable {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    private static final Set<String> EXPECTED = Set.of(CONFIG, METADATA, WEIGHTS);

    final String source;
    final String configJson;
    final String metadataJson;     // null when absent
    private byte[] weightsBytes;   // in memory, or
    private Path weightsFile;      // extracted to tempDir
    private Path tempDir;

    private KerasArchive(String source, String configJson, String metadataJson) {
        this.source = source;
        this.configJson = configJson;
        this.metadataJson = metadataJson;
    }

    static KerasArchive read(Path file, SavingLimits limits) throws IOException {
        String source = String.valueOf(file.getFileName());
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.io.FileNotFoundException | java.nio.file.AccessDeniedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(source + ": not a valid .keras file (a zip archive): " + e.getMessage(), e);
        }
        try (zip) {
            if (zip.size() > limits.maxEntries()) {
                throw new ModelFormatException(source + ": the archive lists " + zip.size() + " entries; a .keras file has 3 (at most " + limits.maxEntries() + " accepted)");
            }
            ZipEntry config = null, metadata = null, weights = null;
            Set<String> seen = new HashSet<>();
            Enumeration<? extends ZipEntry> en = zip.entries();
            int count = 0;
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (++count > limits.maxEntries()) throw new ModelFormatException(source + ": the archive has more than " + limits.maxEntries() + " entries");
                String name = e.getName();
                if (!seen.add(name)) throw new ModelFormatException(source + ": the archive holds two entries named '" + printable(name) + "'");
                if (isUnsafe(name)) throw new ModelFormatException(source + ": unsafe entry name '" + printable(name) + "' (absolute or with '..'); refusing the file");
                if (!EXPECTED.contains(name)) {
                    String hint = name.equals("model.weights.npz") ? " (npz weights are not supported; save with the default h5 weights)"
                            : name.startsWith("assets/") ? " (layer assets are not supported yet)" : "";
                    throw new ModelFormatException(source + ": unexpected entry '" + printable(name) + "'; a .keras file holds only config.json, metadata.json and model.weights.h5" + hint);
                }
                switch (name) {
                    case CONFIG -> config = e;
                    case METADATA -> metadata = e;
                    default -> weights = e;
                }
            }
            if (config == null) throw new ModelFormatException(source + ": no config.json in the archive; this is not a .keras model file");
            if (weights == null) throw new ModelFormatException(source + ": no model.weights.h5 in the archive");
            KerasArchive a = new KerasArchive(source, readText(zip, config, source, limits), metadata == null ? null : readText(zip, metadata, source, limits));
            try {
                a.readWeights(zip, weights, limits);
            } catch (IOException | RuntimeException ex) {
                a.close();
                throw ex;
            }
            return a;
        } catch (ZipException | RuntimeException e) {
            throw new ModelFormatException(source + ": corrupted zip archive: " + e.getMessage(), e);
        }
    }

    private static boolean isUnsafe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\\") || name.contains("\0")) return true;
        if (name.length() > 1 && name.charAt(1) == ':') return true;
        for (String part : name.split("/")) if (part.equals("..")) return true;
        return false;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    private static String readText(ZipFile zip, ZipEntry e, String source, SavingLimits limits) throws IOException {
        ByteSink sink = new ByteSink((int) Math.min(limits.maxJsonBytes(), Math.max(0, Math.min(e.getSize(), 1 << 20))));
        copyChecked(zip, e, sink, limits.maxJsonBytes(), source, limits);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(sink.buf, 0, sink.size)).toString();
        } catch (CharacterCodingException ex) {
            throw new ModelFormatException(source + ": " + e.getName() + " is not valid UTF-8 text");
        }
    }

    private void readWeights(ZipFile zip, ZipEntry e, SavingLimits limits) throws IOException {
        long declared = e.getSize();
        if (declared > limits.maxWeightsBytes()) throw new ModelFormatException(source + ": model.weights.h5 declares " + declared
                + " bytes, more than the " + limits.maxWeightsBytes() + " allowed (see SavingLimits)");
        if (declared >= 0 && declared <= limits.inMemoryWeightsBytes()) {
            ByteSink sink = new ByteSink((int) declared);
            copyChecked(zip, e, sink, declared, source, limits);
            weightsBytes = sink.size == sink.buf.length ? sink.buf : java.util.Arrays.copyOf(sink.buf, sink.size);
            return;
        }
        tempDir = privateTempDir();
        weightsFile = tempDir.resolve(WEIGHTS);
        try (OutputStream out = Files.newOutputStream(weightsFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copyChecked(zip, e, out, Math.min(limits.maxWeightsBytes(), declared >= 0 ? declared : Long.MAX_VALUE), source, limits);
        }
    }

    /** Copies an entry, counting bytes (at most {@code max}), checking the expansion ratio and the CRC. */
    private static void copyChecked(ZipFile zip, ZipEntry e, OutputStream out, long max, String source, SavingLimits limits) throws IOException {
        long compressed = e.getCompressedSize();
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = openEntry(zip, e, source)) {
            int n;
            while ((n = readEntry(in, buf, e, source)) > 0) {
                total += n;
                if (total > max) throw new ModelFormatException(source + ": entry " + e.getName() + " is larger than "
                        + (e.getSize() >= 0 && max == e.getSize() ? "its declared size (" + max + " bytes); the archive is corrupted or hostile" : "the " + max + " bytes allowed (see SavingLimits)"));
                if (total > (1L << 20) && compressed >= 0 && total > (long) limits.maxCompressionRatio() * Math.max(compressed, 1)) {
                    throw new ModelFormatException(source + ": entry " + e.getName() + " expands more than " + limits.maxCompressionRatio()
                            + " times (" + compressed + " bytes stored); refusing a zip bomb");
                }
                crc.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        if (e.getSize() >= 0 && total != e.getSize()) throw new ModelFormatException(source + ": entry " + e.getName() + " holds " + total
                + " bytes but declares " + e.getSize() + "; the archive is corrupted");
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) throw new ModelFormatException(source + ": entry " + e.getName() + " fails its CRC check; the file is corrupted");
    }

    private static InputStream openEntry(ZipFile zip, ZipEntry e, String source) throws ModelFormatException {
        try {
            return zip.getInputStream(e);
        } catch (IOException | RuntimeException ex) {
            throw new ModelFormatException(source + ": entry " + e.getName() + " cannot be read: " + ex.getMessage(), ex);
        }
    }

    /** One read from an entry; errors of the zip data (not of the disk) become ModelFormatExceptions. */
    private static int readEntry(InputStream in, byte[] buf, ZipEntry e, String source) throws ModelFormatException {
        try {
            return in.read(buf);
        } catch (java.io.EOFException ex) {
            throw new ModelFormatException(source + ": entry " + e.getName() + " is truncated", ex);
        } catch (IOException | RuntimeException ex) {
            throw new ModelFormatException(source + ": entry " + e.getName() + " is corrupted: " + ex.getMessage(), ex);
        }
    }

    static Path privateTempDir() throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory("jkeras-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path d = Files.createTempDirectory("jkeras-");
        java.io.File f = d.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true) & f.setWritable(false, false) & f.setWritable(true, true)
                & f.setExecutable(false, false) & f.setExecutable(true, true);
        if (!ok) throw new IOException("Cannot restrict the permissions of temporary directory " + d);
        return d;
    }

    /** Opens the weights as HDF5. */
    H5 openWeights() throws ModelFormatException {
        String where = source + "/" + WEIGHTS;
        return weightsBytes != null ? H5.open(weightsBytes, where) : H5.open(weightsFile, where);
    }

    /** True when the weights were extracted to a temporary file (for tests). */
    boolean weightsOnDisk() { return weightsFile != null; }

    Path tempDir() { return tempDir; }

    @Override public void close() {
        weightsBytes = null;
        if (tempDir != null) {
            try {
                if (weightsFile != null) Files.deleteIfExists(weightsFile);
                Files.deleteIfExists(tempDir);
            } catch (IOException ignored) {
                tempDir.toFile().deleteOnExit();
            }
        }
    }

    /** A growable byte buffer that starts at the declared size. */
    private static final class ByteSink extends OutputStream {
        byte[] buf;
        int size;

        ByteSink(int initial) { buf = new byte[Math.max(initial, 16)]; }

        @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) {
            if (size + len > buf.length) buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) buf.length * 2, (long) size + len)));
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
    }
}
