package io.jkeras.saving;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.utils.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Saving and loading whole models in Keras's file formats.
 *
 * <ul>
 *   <li>{@code .keras} (Keras 3): a zip of {@code config.json}, {@code metadata.json} and
 *       {@code model.weights.h5}. Files written here load in Python with
 *       {@code keras.saving.load_model}, and files written by Keras 3 load here.</li>
 *   <li>Legacy {@code .h5} (Keras 1/2, tf.keras, and Keras 3's {@code model.save("x.h5")}): read only.</li>
 * </ul>
 *
 * <pre>{@code
 * Models.save(model, Path.of("mlp.keras"));
 * Model again = Models.load(Path.of("mlp.keras"));     // same config, same weights
 * Model fromPython = Models.load(Path.of("model.h5")); // a legacy whole-model file
 * }</pre>
 *
 * Files are untrusted input: a truncated, corrupted or hostile file, a layer class that is not in
 * the {@link SavingRegistry}, or weights that do not fit the architecture give a one-line
 * {@link ModelFormatException}. Loading never runs code from a file and never looks a class up by
 * a name read from it.
 */
public final class Models {
    /** The Keras version whose {@code .keras} format this writer follows (stored in {@code metadata.json}). */
    public static final String KERAS_FORMAT_VERSION = "3.15.1";
    /** Extra weight values a config may create beyond those in its weights file. */
    private static final long BUDGET_SLACK = 1 << 16;

    private Models() {}

    // ================================================================== loading

    /**
     * Loads a {@code .keras} or legacy {@code .h5} model file (the format is found from its first
     * bytes). A model saved compiled comes back compiled, with its optimizer state, so that
     * {@code fit} continues where it stopped.
     */
    public static Model load(Path path) throws IOException { return load(path, SavingLimits.DEFAULT, true); }

    /**
     * Loads a model file; with {@code compile == false} the compile settings and optimizer state in
     * the file are ignored (Keras's {@code load_model(path, compile=False)}), which also loads files
     * whose loss or metrics jkeras cannot rebuild.
     */
    public static Model load(Path path, boolean compile) throws IOException { return load(path, SavingLimits.DEFAULT, compile); }

    /** Loads a model file within {@code limits}, compiled when the file says so. */
    public static Model load(Path path, SavingLimits limits) throws IOException { return load(path, limits, true); }

    /** Loads a model file within {@code limits}; see {@link #load(Path, boolean)}. */
    public static Model load(Path path, SavingLimits limits, boolean compile) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 8);
        }
        String source = String.valueOf(path.getFileName());
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) return loadKeras(path, limits, compile);
        if (n == 8 && head[0] == (byte) 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return loadLegacyH5(path, limits, compile);
        throw new ModelFormatException(source + ": not a model file: expected a .keras zip archive or a legacy .h5 (HDF5) file"
                + (n == 0 ? " (the file is empty)" : ""));
    }

    private static Model loadKeras(Path path, SavingLimits limits, boolean compile) throws IOException {
        try (KerasArchive archive = KerasArchive.read(path, limits)) {
            Map<String, Object> top = parseJson(archive.configJson, archive.source + ": config.json");
            if (archive.metadataJson != null) parseJson(archive.metadataJson, archive.source + ": metadata.json");
            try (H5 h5 = archive.openWeights()) {
                Model model = buildWithBudget(top, h5, archive.source + ": config.json");
                WeightsIO.loadKeras3(h5, top, model, limits.maxWeightsBytes());
                if (compile && compileFromFile(model, top.get("compile_config"), archive.source + ": config.json")) {
                    WeightsIO.loadOptimizer(h5, model, limits.maxWeightsBytes());
                }
                return model;
            }
        }
    }

    /** Compiles the model from a file's {@code compile_config}; false when there is none (absent, null or empty). */
    @SuppressWarnings("unchecked")
    private static boolean compileFromFile(Model model, Object compileConfig, String where) throws ModelFormatException {
        if (compileConfig == null) return false;
        if (!(compileConfig instanceof Map<?, ?> cc)) throw new ModelFormatException(where + ": 'compile_config' must be an object, found " + Config.describe(compileConfig));
        if (cc.isEmpty()) return false;       // Keras writes {} for a model that was not compiled, and skips it when loading
        try {
            model.compileFromConfig((Map<String, Object>) cc);
        } catch (RuntimeException e) {       // a broken compile_config must give a one-line error, whatever it breaks
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
            throw new ModelFormatException(where + ": " + msg + ". To use the model without its training setup, load it with Models.load(path, false)", e);
        }
        return true;
    }

    private static Model loadLegacyH5(Path path, SavingLimits limits, boolean compile) throws IOException {
        String source = String.valueOf(path.getFileName());
        long size = Files.size(path);
        if (size > limits.maxWeightsBytes()) throw new ModelFormatException(source + ": the file has " + size + " bytes, more than the "
                + limits.maxWeightsBytes() + " allowed (see SavingLimits)");
        try (H5 h5 = H5.open(path, source)) {
            String json = h5.stringAttribute(h5.root(), "model_config");
            if (json == null) throw new ModelFormatException(source + ": no 'model_config' attribute: this .h5 file holds weights only"
                    + " (save_weights); build the model in code and load its weights instead");
            if (json.length() > limits.maxJsonBytes()) throw new ModelFormatException(source + ": model_config is larger than the " + limits.maxJsonBytes() + " bytes allowed");
            Map<String, Object> top = parseJson(json, source + ": model_config");
            Model model = buildWithBudget(top, h5, source + ": model_config");
            WeightsIO.loadLegacy(h5, top, model, limits.maxWeightsBytes());
            if (compile) {
                String training = h5.stringAttribute(h5.root(), "training_config");
                if (training != null) compileFromLegacy(model, parseJson(training, source + ": training_config"), source + ": training_config");
            }
            return model;
        }
    }

    /**
     * Compiles a model from a legacy {@code training_config} (Keras 1/2), as Keras 3 does when it
     * loads such a file. Old files often name options that no longer exist; then, as in Keras, the
     * model is returned uncompiled and a warning is logged. Legacy optimizer weights are not restored.
     */
    @SuppressWarnings("unchecked")
    private static void compileFromLegacy(Model model, Map<String, Object> training, String where) {
        try {
            Map<String, Object> cc = new LinkedHashMap<>();
            Object opt = training.get("optimizer_config");
            if (opt instanceof Map<?, ?> om) {
                Map<String, Object> o = new LinkedHashMap<>((Map<String, Object>) om);
                if (o.get("config") instanceof Map<?, ?> oc) {
                    Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) oc);
                    if (c.containsKey("lr") && !c.containsKey("learning_rate")) c.put("learning_rate", c.remove("lr"));
                    o.put("config", c);
                }
                cc.put("optimizer", o);
            } else cc.put("optimizer", opt);
            cc.put("loss", training.get("loss"));
            cc.put("loss_weights", training.get("loss_weights"));
            cc.put("metrics", training.get("metrics"));
            cc.put("weighted_metrics", training.get("weighted_metrics"));
            model.compileFromConfig(cc);
        } catch (RuntimeException e) {
            System.getLogger(Models.class.getName()).log(System.Logger.Level.WARNING, where + ": the model was loaded uncompiled, since its"
                    + " training configuration could not be restored: " + oneLine(e.getMessage()) + ". Call compile() before training it.");
        }
    }

    private static Model buildWithBudget(Map<String, Object> top, H5 h5, String where) throws ModelFormatException {
        long values = h5.totalValues();
        return LoadBudget.with(values + BUDGET_SLACK, () -> modelFromEntry(top, where));
    }

    private static Map<String, Object> parseJson(String text, String where) throws ModelFormatException {
        try {
            return Json.parseObject(text);
        } catch (IllegalArgumentException | StackOverflowError e) {
            throw new ModelFormatException(where + ": " + (e instanceof StackOverflowError ? "nested too deeply" : e.getMessage()), e);
        }
    }

    private static Model modelFromEntry(Map<String, Object> top, String where) throws ModelFormatException {
        Layer layer;
        try {
            layer = KerasSerialization.layerFromEntry(top);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | ArithmeticException e) {
            throw new ModelFormatException(where + ": " + oneLine(e.getMessage()), e);
        } catch (StackOverflowError e) {
            throw new ModelFormatException(where + ": the config is nested too deeply", e);
        }
        if (!(layer instanceof Model m)) throw new ModelFormatException(where + ": describes a " + layer.className() + " layer, not a model");
        return m;
    }

    private static String oneLine(String s) { return s == null ? "invalid config" : s.replace('\n', ' '); }

    // ================================================================== config only

    /** The model's architecture as Keras 3 JSON ({@code model.to_json()}): no weights. */
    public static String toJson(Model model) {
        return Json.write(KerasSerialization.serializeModel(model));
    }

    /**
     * A model with fresh weights from architecture JSON ({@code keras.models.model_from_json}):
     * Keras 3's {@code config.json} form or the legacy form of Keras 1/2.
     */
    public static Model fromJson(String json) throws ModelFormatException {
        return modelFromEntry(parseJson(json, "model JSON"), "model JSON");
    }

    // ================================================================== saving

    /**
     * Saves {@code model} as a Keras 3 {@code .keras} file. The file is written next to the target
     * and moved into place, so a failure leaves an existing file untouched.
     *
     * @throws IllegalArgumentException when the path does not end with {@code .keras} or the model
     *                                  holds something that cannot be saved yet
     */
    public static void save(Model model, Path path) throws IOException {
        String fileName = String.valueOf(path.getFileName());
        if (!fileName.endsWith(".keras")) throw new IllegalArgumentException("Invalid file name for saving: " + path
                + ". Use the .keras extension (the Keras 3 format); legacy .h5 files can be loaded but not written");
        String config = Json.write(configWithCompile(model));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_FORMAT_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        String metadata = Json.write(meta);

        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path work = KerasArchive.privateTempDir();
        Path tmpZip = null;
        try {
            Path weights = work.resolve(KerasArchive.WEIGHTS);
            try {
                WeightsIO.writeKeras3(model, weights);
            } catch (RuntimeException e) {
                throw new IOException("Could not write the weights of model \"" + model.name() + "\": " + e.getMessage(), e);
            }
            // a fresh name in the target folder, created with the user's default permissions (umask)
            tmpZip = Files.createFile(dir.resolve("." + fileName + "." + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".tmp"));
            try (OutputStream os = Files.newOutputStream(tmpZip, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(os)) {
                storeEntry(zip, KerasArchive.METADATA, metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                storeEntry(zip, KerasArchive.CONFIG, config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                storeFile(zip, KerasArchive.WEIGHTS, weights);
            }
            moveIntoPlace(tmpZip, target);
            tmpZip = null;
        } finally {
            if (tmpZip != null) Files.deleteIfExists(tmpZip);
            Files.deleteIfExists(work.resolve(KerasArchive.WEIGHTS));
            Files.deleteIfExists(work);
        }
    }

    // ================================================================== weights only

    /**
     * Saves the weights of {@code model} (and, when it is compiled, its optimizer state) as a Keras 3
     * {@code .weights.h5} file, the layout of {@code model.save_weights} in Keras 3: layers are
     * identified by their position, not their names. Written next to the target and moved into place.
     *
     * @throws IllegalArgumentException when the file name does not end with {@code .weights.h5}
     */
    public static void saveWeights(Model model, Path path) throws IOException {
        String fileName = String.valueOf(path.getFileName());
        if (!fileName.endsWith(".weights.h5")) throw new IllegalArgumentException("The filename must end in `.weights.h5`. Received: filepath=" + path);
        if (!model.isBuilt()) throw new IllegalStateException("You are saving model \"" + model.name() + "\", which has not been built yet."
                + " Build it first by calling it on data or giving its input shape");
        Path target = path.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.getParent().resolve("." + fileName + "." + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".tmp");
        try {
            try {
                WeightsIO.writeKeras3(model, tmp);
            } catch (RuntimeException e) {
                throw new IOException("Could not write the weights of model \"" + model.name() + "\": " + e.getMessage(), e);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Loads weights into {@code model} by layer order; see {@link #loadWeights(Model, Path, boolean, boolean)}. */
    public static List<String> loadWeights(Model model, Path path) throws IOException { return loadWeights(model, path, false, false); }

    /**
     * Loads weights into an existing, built model (Keras's {@code model.load_weights}).
     *
     * <ul>
     *   <li>A {@code .weights.h5} file (Keras 3 layout) or a {@code .keras} file: layers are matched
     *       by position (with the optimizer state when the model is compiled and the file has a
     *       fitting one).</li>
     *   <li>A legacy {@code .h5} file (Keras 1/2 {@code save_weights}, or a whole legacy model): by
     *       order of the layers that have weights, or with {@code byName} by layer name, which
     *       leaves layers without a match alone.</li>
     * </ul>
     *
     * The format is found from the file's content. Nothing is assigned unless the whole file fits.
     *
     * @param byName       match legacy {@code .h5} layers by name (Keras's {@code by_name=True})
     * @param skipMismatch skip layers whose weight count or shapes differ, instead of failing
     * @return a description of each layer (or optimizer state) skipped; empty unless {@code skipMismatch}
     * @throws ModelFormatException when the file is not a weights file or does not fit the model
     */
    public static List<String> loadWeights(Model model, Path path, boolean byName, boolean skipMismatch) throws IOException {
        return loadWeights(model, path, byName, skipMismatch, SavingLimits.DEFAULT);
    }

    /** As {@link #loadWeights(Model, Path, boolean, boolean)}, within {@code limits}. */
    public static List<String> loadWeights(Model model, Path path, boolean byName, boolean skipMismatch, SavingLimits limits) throws IOException {
        if (!model.isBuilt()) throw new IllegalStateException("You are loading weights into model \"" + model.name() + "\", which has not been built yet."
                + " Build it first by calling it on data or giving its input shape");
        String source = String.valueOf(path.getFileName());
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 8);
        }
        List<String> skipped;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
            if (byName) throw new IllegalArgumentException(source + ": a .keras file's weights are matched by layer order; byName applies to legacy .h5 files");
            try (KerasArchive archive = KerasArchive.read(path, limits); H5 h5 = archive.openWeights()) {
                skipped = WeightsIO.loadKeras3Weights(h5, model, limits.maxWeightsBytes(), skipMismatch);
            }
        } else {
            long size = Files.size(path);
            if (size > limits.maxWeightsBytes()) throw new ModelFormatException(source + ": the file has " + size + " bytes, more than the "
                    + limits.maxWeightsBytes() + " allowed (see SavingLimits)");
            try (H5 h5 = H5.open(path, source)) {
                boolean legacy = h5.childGroup(h5.root(), "model_weights") != null || h5.stringsAttribute(h5.root(), "layer_names") != null;
                if (legacy) {
                    skipped = WeightsIO.loadLegacyWeights(h5, model, byName, skipMismatch, limits.maxWeightsBytes());
                } else {
                    if (byName) throw new IllegalArgumentException(source + ": weights in the Keras 3 layout (.weights.h5) are matched by layer order;"
                            + " byName applies to legacy .h5 files");
                    skipped = WeightsIO.loadKeras3Weights(h5, model, limits.maxWeightsBytes(), skipMismatch);
                }
            }
        }
        for (String s : skipped) System.getLogger(Models.class.getName()).log(System.Logger.Level.WARNING, "Skipped: " + s);
        return skipped;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Map<String, Object> configWithCompile(Model model) {
        Map<String, Object> top = KerasSerialization.serializeModel(model);
        Map<String, Object> compile = model.getCompileConfig();
        if (compile != null) top.put("compile_config", compile);
        return top;
    }

    /** Streams a file into one uncompressed entry (the CRC is computed in a first pass). */
    private static void storeFile(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) crc.update(buf, 0, n);
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        long size = Files.size(file);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        e.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
        zip.putNextEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    /** Writes one uncompressed entry, as Keras does (so the weights can be read in place). */
    private static void storeEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
