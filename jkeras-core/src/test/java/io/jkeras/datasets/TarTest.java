package io.jkeras.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TarTest {

    /** Writes POSIX ustar archives by the book, so the reader can be tested on known bytes. */
    static final class TarBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarBuilder file(String name, byte[] content) { return entry(name, '0', content, ""); }
        TarBuilder dir(String name) { return entry(name, '5', new byte[0], ""); }
        TarBuilder symlink(String name, String target) { return entry(name, '2', new byte[0], target); }

        TarBuilder pax(String key, String value) {
            String body = key + "=" + value + "\n";
            int len = body.length() + 3;   // a guess for the length prefix, fixed up below
            String rec = len + " " + body;
            if (rec.length() != len) { len = rec.length(); rec = len + " " + body; }
            return entry("PaxHeader", 'x', rec.getBytes(StandardCharsets.UTF_8), "");
        }

        TarBuilder entry(String name, char type, byte[] content, String link) {
            byte[] h = header(name, type, content.length, link);
            out.writeBytes(h);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
            return this;
        }

        static byte[] header(String name, char type, long size, String link) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644\0");
            put(h, 108, "0001750\0");
            put(h, 116, "0001750\0");
            put(h, 124, String.format("%011o\0", size));
            put(h, 136, "14330453405\0");
            h[156] = (byte) type;
            put(h, 157, link);
            put(h, 257, "ustar\0");
            put(h, 263, "00");
            Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) sum += b & 0xFF;
            put(h, 148, String.format("%06o\0 ", sum));
            return h;
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, b.length);
        }

        TarBuilder raw(byte[] block) { out.writeBytes(block); return this; }

        byte[] end() { out.writeBytes(new byte[1024]); return out.toByteArray(); }
    }

    static byte[] gzip(byte[] data) throws IOException { return IdxTest.gzip(data); }

    static Map<String, byte[]> readGz(byte[] tarGz, Set<String> wanted, long max) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            return Tar.readFiles(in, wanted, max);
        }
    }

    @Test
    void readsWantedRegularFilesFromATarGzAndSkipsTheRest() throws IOException {
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        byte[] a = "first file\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[512];   // exactly one block: no padding
        Arrays.fill(b, (byte) 7);
        String longName = "package/" + "deep/".repeat(30) + "long.bin";   // > 100 chars: needs the pax path
        byte[] tgz = gzip(new TarBuilder()
                .dir("package/")
                .file("package/skip-me.bin", big)
                .file("package/data/a.txt", a)
                .symlink("package/link", "data/a.txt")
                .file("./package/data/b.bin", b)
                .pax("path", longName)
                .file("ignored-short-name", big)
                .end());
        Map<String, byte[]> got = readGz(tgz, Set.of("package/data/a.txt", "package/data/b.bin", longName, "package/missing"), 1 << 20);
        assertEquals(Set.of("package/data/a.txt", "package/data/b.bin", longName), got.keySet());
        assertArrayEquals(a, got.get("package/data/a.txt"));
        assertArrayEquals(b, got.get("package/data/b.bin"));
        assertArrayEquals(big, got.get(longName));
    }

    @Test
    void pathTraversalEntryRefusesTheWholeArchive() throws IOException {
        byte[] tgz = gzip(new TarBuilder()
                .file("package/data/a.txt", new byte[] {1})
                .file("../evil", "owned".getBytes(StandardCharsets.UTF_8))
                .end());
        // Refused even though "../evil" is not among the wanted names.
        var e = assertThrows(IOException.class, () -> readGz(tgz, Set.of("package/data/a.txt"), 100));
        assertTrue(e.getMessage().contains("'../evil'") && e.getMessage().contains("traversal"), e.getMessage());

        byte[] nested = gzip(new TarBuilder().file("package/../../evil", new byte[] {1}).end());
        assertThrows(IOException.class, () -> readGz(nested, Set.of(), 100));
        byte[] viaPax = gzip(new TarBuilder().pax("path", "package/../../evil").file("package/ok", new byte[] {1}).end());
        var p = assertThrows(IOException.class, () -> readGz(viaPax, Set.of("package/ok"), 100));
        assertTrue(p.getMessage().contains("traversal"), p.getMessage());
        byte[] absolute = gzip(new TarBuilder().file("/etc/passwd", new byte[] {1}).end());
        var abs = assertThrows(IOException.class, () -> readGz(absolute, Set.of(), 100));
        assertTrue(abs.getMessage().contains("absolute"), abs.getMessage());
    }

    @Test
    void wantedNameThatIsALinkIsRefused() throws IOException {
        byte[] tgz = gzip(new TarBuilder().symlink("package/data/a.txt", "/etc/shadow").end());
        var e = assertThrows(IOException.class, () -> readGz(tgz, Set.of("package/data/a.txt"), 100));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void duplicateWantedEntryIsRefused() throws IOException {
        byte[] tgz = gzip(new TarBuilder().file("a", new byte[] {1}).file("./a", new byte[] {2}).end());
        var e = assertThrows(IOException.class, () -> readGz(tgz, Set.of("a"), 100));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void sizesAreBounded() throws IOException {
        byte[] tgz = gzip(new TarBuilder().file("a", new byte[1000]).end());
        var e = assertThrows(IOException.class, () -> readGz(tgz, Set.of("a"), 999));
        assertTrue(e.getMessage().contains("1000 bytes, more than the 999"), e.getMessage());
        // A header that claims 8 GB in a tiny archive: a clear truncation error, no huge allocation.
        byte[] lying = new TarBuilder().raw(TarBuilder.header("a", '0', 8L << 30, "")).raw(new byte[512]).end();
        var t = assertThrows(IOException.class, () -> Tar.readFiles(new ByteArrayInputStream(lying), Set.of("a"), 1L << 40));
        assertTrue(t.getMessage().contains("too large") || t.getMessage().contains("truncated"), t.getMessage());
        var s = assertThrows(IOException.class, () -> Tar.readFiles(new ByteArrayInputStream(lying), Set.of(), 100));
        assertTrue(s.getMessage().contains("truncated"), s.getMessage());
    }

    @Test
    void corruptHeadersAreClearErrors() {
        byte[] tar = new TarBuilder().file("a", new byte[] {1, 2, 3}).end();
        tar[10] ^= 1;   // flip a bit in the name: the checksum no longer matches
        var e = assertThrows(IOException.class, () -> Tar.readFiles(new ByteArrayInputStream(tar), Set.of("a"), 100));
        assertTrue(e.getMessage().contains("bad checksum"), e.getMessage());

        byte[] ok = new TarBuilder().file("a", new byte[600]).end();
        byte[] cut = Arrays.copyOf(ok, 512 + 100);
        var c = assertThrows(IOException.class, () -> Tar.readFiles(new ByteArrayInputStream(cut), Set.of("a"), 1000));
        assertTrue(c.getMessage().contains("truncated"), c.getMessage());
        var h = assertThrows(IOException.class, () -> Tar.readFiles(new ByteArrayInputStream(Arrays.copyOf(ok, 300)), Set.of("a"), 1000));
        assertTrue(h.getMessage().contains("header block has 300"), h.getMessage());
    }

    /** Archives written by the system's GNU tar (GNU and pax formats, long names) read the same. */
    @Test
    void readsArchivesWrittenBySystemTar(@TempDir Path dir) throws Exception {
        assumeTrue(canRun("tar", "--version"), "the 'tar' command is not available; skipping the cross-check with system tar");
        Path src = dir.resolve("src");
        String longRel = "package/" + "x".repeat(90) + "/" + "y".repeat(90) + ".bin";
        Files.createDirectories(src.resolve(longRel).getParent());
        byte[] content = new byte[70_000];
        new java.util.Random(3).nextBytes(content);
        Files.write(src.resolve(longRel), content);
        Files.writeString(src.resolve("package/short.txt"), "hello");
        for (String format : new String[] {"gnu", "posix", "ustar"}) {
            Path archive = dir.resolve(format + ".tar.gz");
            Process p = new ProcessBuilder("tar", "--format=" + format, "-czf", archive.toString(), "-C", src.toString(), "package")
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            // ustar stores this 190-character name split across its prefix and name fields.
            assertEquals(0, p.exitValue(), log);
            Map<String, byte[]> got = readGz(Files.readAllBytes(archive), Set.of(longRel, "package/short.txt"), 1 << 20);
            assertArrayEquals(content, got.get(longRel), format);
            assertEquals("hello", new String(got.get("package/short.txt"), StandardCharsets.UTF_8), format);
        }
    }

    static boolean canRun(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
