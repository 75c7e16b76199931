package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import io.jkeras.autodiff.Variable;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights in HDF5, in Keras's two layouts.
 *
 * <ul>
 *   <li>Keras 3 ({@code model.weights.h5} inside a {@code .keras} file): one group per layer,
 *       {@code layers/<path>/vars/<i>}, where {@code <path>} is the snake_case <em>class</em> name
 *       made unique by a counter in the order of {@code model.layers} ({@code dense},
 *       {@code dense_1}, {@code input_layer}, ...), not the layer's own name; {@code <i>} runs over the
 *       layer's own variables, trainable first.</li>
 *   <li>Keras 1/2 legacy {@code .h5}: {@code model_weights/<layer name>/<weight name>} (or, in a
 *       weights-only file, {@code <layer name>/<weight name>} at the root) with the
 *       {@code layer_names} and {@code weight_names} attributes; layers with weights are matched
 *       in order, as Keras does, or by name.</li>
 * </ul>
 *
 * Values are read and checked first and assigned only when the whole file fits
 * ({@link Staged}), so a failed load leaves a model's weights as they were.
 */
final class WeightsIO {
    private WeightsIO() {}

    /** The variables Keras saves for a layer, in its order: own trainable, then own non-trainable. */
    static List<Variable> ownVariables(Layer layer) {
        List<Variable> out = new ArrayList<>();
        for (Variable v : layer.ownWeights()) if (v.trainable()) out.add(v);
        for (Variable v : layer.ownWeights()) if (!v.trainable()) out.add(v);
        return out;
    }

    /** Keras's {@code naming.to_snake_case} of a class name. */
    static String snake(String className) {
        return Layer.toSnakeCase(className.replaceAll("\\W+", ""));
    }

    static String uniquePath(String className, Map<String, Integer> used) {
        String base = snake(className);
        Integer n = used.get(base);
        if (n == null) { used.put(base, 0); return base; }
        used.put(base, n + 1);
        return base + "_" + (n + 1);
    }

    /** A layer of a loaded model with its entry in the config it was built from. */
    private record Placed(String className, Map<String, Object> entry, Layer layer) {}

    /** The model's layers paired with their entries in a config, in the config's order. */
    @SuppressWarnings("unchecked")
    private static List<Placed> layersInConfigOrder(Map<String, Object> top, Model model) {
        Object cfg = top.get("config");
        Object rawLayers = cfg instanceof Map<?, ?> m ? m.get("layers") : cfg;     // Keras 1 Sequential: a list
        List<Placed> out = new ArrayList<>();
        if (!(rawLayers instanceof List<?> entries)) return out;
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> e)) continue;
            String cls = String.valueOf(e.get("class_name"));
            Object c = e.get("config");
            Object name = c instanceof Map<?, ?> cm ? cm.get("name") : null;
            if (name == null) name = e.get("name");
            Layer layer = null;
            if (name instanceof String s) {
                for (Layer l : model.layers()) if (l.name().equals(s)) { layer = l; break; }
                if (layer == null && model instanceof Sequential seq && seq.inputLayer() != null && seq.inputLayer().name().equals(s)) layer = seq.inputLayer();
            }
            if (layer == null) throw new IllegalStateException("Layer " + name + " of the config is not in the loaded model");
            out.add(new Placed(cls, (Map<String, Object>) e, layer));
        }
        return out;
    }

    /**
     * The order a legacy {@code .h5} file lists a layer's weights in: trainable then non-trainable
     * (for a nested model: all its layers' trainable weights first).
     */
    static List<Variable> legacyOrder(Layer layer) {
        List<Variable> out = new ArrayList<>(layer.trainableWeights());
        out.addAll(layer.nonTrainableWeights());
        return out;
    }

    /** The layers of a model as they are, in {@code model.layers} order (for weights-only files). */
    private static List<Placed> layersOfModel(Model model) {
        List<Placed> out = new ArrayList<>();
        for (Layer l : model.layers()) out.add(new Placed(l.className(), null, l));
        return out;
    }

    /**
     * Values read and checked, waiting to be assigned together; with {@code skipMismatch}, layers
     * whose weights do not fit are listed in {@link #skipped} instead of failing the load.
     */
    static final class Staged {
        final boolean skipMismatch;
        final List<String> skipped = new ArrayList<>();
        private final List<Variable> vars = new ArrayList<>();
        private final List<Tensor> values = new ArrayList<>();

        Staged(boolean skipMismatch) { this.skipMismatch = skipMismatch; }

        void add(Variable v, Tensor t) { vars.add(v); values.add(t); }

        /** A mismatch: skipped (and listed) when allowed, else an error. */
        void mismatch(String message) throws ModelFormatException {
            if (!skipMismatch) throw new ModelFormatException(message);
            skipped.add(message);
        }

        void commit() {
            for (int i = 0; i < vars.size(); i++) vars.get(i).assign(values.get(i));
        }
    }

    // ================================================================== Keras 3 layout

    /** Loads a whole model's weights from the Keras 3 layout, following its config. */
    static void loadKeras3(H5 h5, Map<String, Object> top, Model model, long maxBytes) throws ModelFormatException {
        Staged staged = new Staged(false);
        loadLayers(h5, h5.childGroup(h5.root(), "layers"), "layers", layersInConfigOrder(top, model), model, maxBytes, staged);
        staged.commit();
    }

    /**
     * Loads weights saved in the Keras 3 layout ({@code save_weights}, or a {@code .keras} file's)
     * into an existing model, matching layers by their position in {@code model.layers}; with a
     * compiled model, the optimizer state too when the file has one that fits.
     *
     * @return the mismatches skipped (empty unless {@code skipMismatch})
     */
    static List<String> loadKeras3Weights(H5 h5, Model model, long maxBytes, boolean skipMismatch) throws ModelFormatException {
        Group layers = h5.childGroup(h5.root(), "layers");
        if (layers == null && h5.stringsAttribute(h5.root(), "layer_names") != null) {
            throw new ModelFormatException(h5.source() + ": this is a legacy Keras 1/2 weights file, not the Keras 3 layout");
        }
        Staged staged = new Staged(skipMismatch);
        loadLayers(h5, layers, "layers", layersOfModel(model), model, maxBytes, staged);
        staged.commit();
        if (model.isCompiled()) {
            try {
                loadOptimizer(h5, model, maxBytes);
            } catch (ModelFormatException e) {
                // as Keras: optimizer state that does not fit is skipped with a warning
                staged.skipped.add(e.getMessage());
            }
        }
        return staged.skipped;
    }

    /**
     * Reads the weights of {@code placed} (the layers of {@code model}) from {@code layersGroup}
     * ({@code layers/...}); a nested model's layers live in {@code layers/<its path>/layers/...},
     * numbered within it.
     */
    private static void loadLayers(H5 h5, Group layersGroup, String prefix, List<Placed> placed, Model model, long maxBytes,
                                   Staged staged) throws ModelFormatException {
        Map<String, Integer> used = new HashMap<>();
        for (Placed p : placed) {
            Layer layer = p.layer();
            if (model instanceof Sequential && layer instanceof InputLayer) continue;    // not in Sequential.layers
            String path = uniquePath(p.className(), used);
            if (layer instanceof Model sub) {
                Group sg = layersGroup == null ? null : h5.groupAt(layersGroup, path + "/layers");
                List<Placed> inner = p.entry() != null ? layersInConfigOrder(p.entry(), sub) : layersOfModel(sub);
                loadLayers(h5, sg, prefix + "/" + path + "/layers", inner, sub, maxBytes, staged);
                continue;
            }
            loadLayer(h5, layersGroup, prefix, path, layer, maxBytes, staged);
        }
    }

    /**
     * A layer's own variables from {@code <path>/vars}, then those of the sublayers Keras saves
     * inside it ({@link Layer#savedSublayers()}: an RNN's cell, Bidirectional's forward and backward
     * layers, ...) from {@code <path>/<key>/...}.
     */
    private static void loadLayer(H5 h5, Group layersGroup, String prefix, String path, Layer layer, long maxBytes, Staged staged) throws ModelFormatException {
        List<Variable> vars = ownVariables(layer);
        Group vg = layersGroup == null ? null : h5.groupAt(layersGroup, path + "/vars");
        List<String> names = vg == null ? List.of() : h5.childNames(vg);
        String where = prefix + "/" + path + "/vars";
        String owner = "layer \"" + layer.name() + "\" (" + layer.className() + ")";
        if (names.size() != vars.size()) {
            staged.mismatch(h5.source() + ": " + owner + " expects " + vars.size()
                    + " weight(s) " + vars.stream().map(Variable::name).toList() + " at '" + where + "', but the file has " + names.size());
        } else {
            List<Tensor> values = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                Dataset ds = h5.datasetAt(vg, String.valueOf(i));
                if (ds == null) throw new ModelFormatException(h5.source() + ": " + owner + " weight " + i + " (" + vars.get(i).name()
                        + ") is missing at '" + where + "/" + i + "'; found " + names);
                Tensor t = read(h5, ds, where + "/" + i, owner, i, vars.get(i), maxBytes, staged);
                if (t == null) break;
                values.add(t);
            }
            if (values.size() == vars.size()) for (int i = 0; i < vars.size(); i++) staged.add(vars.get(i), values.get(i));
        }
        for (Map.Entry<String, Layer> sub : layer.savedSublayers().entrySet()) {
            loadLayer(h5, layersGroup, prefix, path + "/" + sub.getKey(), sub.getValue(), maxBytes, staged);
        }
    }

    /**
     * Reads one weight and checks it against its variable: the value, or null when it does not fit
     * and {@code staged} skips mismatches.
     */
    private static Tensor read(H5 h5, Dataset ds, String where, String owner, int index, Variable v, long maxBytes, Staged staged) throws ModelFormatException {
        int[] dims = h5.checkedShape(ds, where, maxBytes);
        Shape fileShape = dims.length == 0 ? Shape.SCALAR : Shape.of(dims);
        if (!fileShape.equals(v.shape())) {
            staged.mismatch(h5.source() + ": " + owner + " weight " + index + " (" + v.name()
                    + ") has shape " + v.shape() + " in the model but " + fileShape + " in the file at '" + where + "'");
            return null;
        }
        Tensor t = h5.read(ds, where, maxBytes);
        if (v.dtype().isFloating() != t.dtype().isFloating()) {
            staged.mismatch(h5.source() + ": " + owner + " weight " + index + " (" + v.name() + ") is " + v.dtype()
                    + " in the model but " + t.dtype() + " in the file at '" + where + "'");
            return null;
        }
        return t;
    }

    /** Checks a value read (and converted) against its variable, as {@link #read} does. */
    private static boolean fits(H5 h5, Tensor t, String where, String owner, int index, Variable v, Staged staged) throws ModelFormatException {
        if (!t.shape().equals(v.shape())) {
            staged.mismatch(h5.source() + ": " + owner + " weight " + index + " (" + v.name()
                    + ") has shape " + v.shape() + " in the model but " + t.shape() + " in the file at '" + where + "'");
            return false;
        }
        if (v.dtype().isFloating() != t.dtype().isFloating()) {
            staged.mismatch(h5.source() + ": " + owner + " weight " + index + " (" + v.name() + ") is " + v.dtype()
                    + " in the model but " + t.dtype() + " in the file at '" + where + "'");
            return false;
        }
        return true;
    }

    // ================================================================== optimizer state

    /**
     * Restores the optimizer state of a compiled model from {@code optimizer/vars/<i>}, in the
     * order of {@link Optimizer#variables()}. A file saved before training holds only the iteration
     * counter and the learning rate; otherwise the optimizer is built on the model's trainable
     * weights first, so that its slots exist.
     */
    static void loadOptimizer(H5 h5, Model model, long maxBytes) throws ModelFormatException {
        Optimizer opt = model.optimizer();
        if (opt == null) return;
        Group vg = h5.groupAt(h5.root(), "optimizer/vars");
        if (vg == null) return;
        List<String> names = h5.childNames(vg);
        if (names.isEmpty()) return;
        List<Variable> vars = opt.variables();
        if (names.size() != vars.size() && !opt.built()) {
            opt.build(model.trainableWeights());
            vars = opt.variables();
        }
        String owner = "optimizer '" + opt.name() + "' (" + opt.className() + ")";
        if (names.size() != vars.size()) {
            throw new ModelFormatException(h5.source() + ": " + owner + " has " + vars.size() + " variables for this model "
                    + vars.stream().map(Variable::path).toList() + ", but the file has " + names.size() + " at 'optimizer/vars'."
                    + " Load the model with Models.load(path, false) to skip the optimizer state");
        }
        Staged staged = new Staged(false);
        List<Tensor> values = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            String where = "optimizer/vars/" + i;
            Dataset ds = h5.datasetAt(vg, String.valueOf(i));
            if (ds == null) throw new ModelFormatException(h5.source() + ": " + owner + " variable " + i + " (" + vars.get(i).path()
                    + ") is missing at '" + where + "'; found " + names);
            values.add(read(h5, ds, where, owner, i, vars.get(i), maxBytes, staged));
        }
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(values.get(i));
    }

    /** Writes the Keras 3 layout for {@code model} to a new HDF5 file. */
    static void writeKeras3(Model model, Path file) {
        try (WritableHdfFile out = HdfFile.write(file)) {
            writeLayers(new LazyGroup(out, "layers"), model);
            Optimizer opt = model.isCompiled() ? model.optimizer() : null;
            if (opt != null) {
                WritableGroup vg = out.putGroup("optimizer").putGroup("vars");
                vg.putAttribute("name", opt.name());
                List<Variable> vars = opt.variables();
                for (int i = 0; i < vars.size(); i++) vg.putDataset(String.valueOf(i), nested(vars.get(i)));
            }
        }
    }

    /** A group made on first use: jHDF writes everything at close, and empty groups are left out. */
    private static final class LazyGroup {
        private final Object parent;      // WritableHdfFile, WritableGroup or LazyGroup
        private final String name;
        private final Map<String, LazyGroup> children = new HashMap<>();
        private WritableGroup group;

        LazyGroup(Object parent, String name) { this.parent = parent; this.name = name; }

        /** The child group {@code name}, the same one each time it is asked for. */
        LazyGroup child(String name) { return children.computeIfAbsent(name, n -> new LazyGroup(this, n)); }

        WritableGroup get() {
            if (group == null) {
                group = switch (parent) {
                    case WritableHdfFile f -> f.putGroup(name);
                    case LazyGroup l -> l.get().putGroup(name);
                    case WritableGroup g -> g.putGroup(name);
                    default -> throw new IllegalStateException(String.valueOf(parent));
                };
            }
            return group;
        }
    }

    private static void writeLayers(LazyGroup layers, Model model) {
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : model.layers()) {
            String path = uniquePath(l.className(), used);
            if (l instanceof Model sub) {
                writeLayers(layers.child(path).child("layers"), sub);
                continue;
            }
            writeLayer(layers.child(path), l);
        }
    }

    /** A layer's own variables in {@code <group>/vars}, then its saved sublayers' in {@code <group>/<key>/...}. */
    private static void writeLayer(LazyGroup group, Layer l) {
        List<Variable> vars = ownVariables(l);
        // jHDF 0.13 corrupts a group that has no dataset below it when it is written after
        // a dataset, so only groups that hold weights are written. Keras reads a missing
        // group as "no variables", which is what such a layer has.
        if (!vars.isEmpty()) {
            WritableGroup vg = group.get().putGroup("vars");
            vg.putAttribute("name", l.name());
            for (int i = 0; i < vars.size(); i++) vg.putDataset(String.valueOf(i), nested(vars.get(i)));
        }
        for (Map.Entry<String, Layer> sub : l.savedSublayers().entrySet()) {
            LazyGroup g = group;
            for (String part : sub.getKey().split("/")) g = g.child(part);
            writeLayer(g, sub.getValue());
        }
    }

    /** A variable's value as the nested Java array (or boxed scalar) jHDF writes. */
    private static Object nested(Variable v) {
        Tensor t = v.value();
        int[] dims = t.shape().toArray();
        Object flat = switch (t.dtype()) {
            case FLOAT32 -> t.toFloatArray();
            case FLOAT64 -> t.toDoubleArray();
            case INT32 -> t.toIntArray();
            case INT64 -> t.array() instanceof long[] l ? l.clone() : null;
            default -> null;
        };
        if (flat == null) throw new IllegalArgumentException("Weight " + v.path() + " has dtype " + t.dtype() + ", which cannot be saved yet");
        for (int d : dims) if (d == 0) throw new IllegalArgumentException("Weight " + v.path() + " has an empty shape " + t.shape() + ", which cannot be saved yet");
        if (dims.length == 0) return Array.get(flat, 0);
        Object arr = Array.newInstance(flat.getClass().getComponentType(), dims);
        fill(arr, flat, dims, 0, 0);
        return arr;
    }

    private static int fill(Object arr, Object flat, int[] dims, int axis, int offset) {
        if (axis == dims.length - 1) {
            System.arraycopy(flat, offset, arr, 0, dims[axis]);
            return offset + dims[axis];
        }
        for (int i = 0; i < dims[axis]; i++) offset = fill(Array.get(arr, i), flat, dims, axis + 1, offset);
        return offset;
    }

    // ================================================================== legacy layout

    /** One layer's weights in a legacy file: its group and the {@code weight_names} listed there. */
    private record LegacyLayer(String name, Group group, List<String> weightNames, String where, String kerasVersion, String backend) {}

    /**
     * The layers of a legacy file that have weights, in the file's order: under
     * {@code model_weights} in a whole-model file, at the root in a {@code save_weights} file.
     */
    private static List<LegacyLayer> legacyLayers(H5 h5) throws ModelFormatException {
        Group mw = h5.childGroup(h5.root(), "model_weights");
        Group g0 = mw != null ? mw : h5.root();
        String prefix = mw != null ? "model_weights/" : "";
        List<String> layerNames = h5.stringsAttribute(g0, "layer_names");
        if (layerNames == null) throw new ModelFormatException(h5.source() + ": " + (mw != null ? "'model_weights'" : "the file") + " has no 'layer_names' attribute;"
                + (mw == null && h5.childGroup(h5.root(), "layers") != null ? " it is in the Keras 3 layout (.weights.h5)" : " it is not a Keras weights file"));
        // what wrote the file decides the layout conversions (Keras reads these from the same group)
        String version = h5.stringAttribute(g0, "keras_version");
        if (version == null) version = h5.stringAttribute(h5.root(), "keras_version");
        String backend = h5.stringAttribute(g0, "backend");
        if (backend == null) backend = h5.stringAttribute(h5.root(), "backend");
        List<LegacyLayer> out = new ArrayList<>();
        for (String name : layerNames) {
            Group g = name.isEmpty() ? null : h5.groupAt(g0, name);     // TensorFlow name scopes put '/' in layer names
            if (g == null) throw new ModelFormatException(h5.source() + ": 'layer_names' lists \"" + name + "\" but '" + prefix + name + "' does not exist");
            List<String> wn = h5.stringsAttribute(g, "weight_names");
            if (wn == null || wn.isEmpty()) continue;
            out.add(new LegacyLayer(name, g, wn, prefix + name, version, backend));
        }
        return out;
    }

    /** Loads a whole legacy model's weights, matching the config's layers with weights in order. */
    static void loadLegacy(H5 h5, Map<String, Object> top, Model model, long maxBytes) throws ModelFormatException {
        if (h5.childGroup(h5.root(), "model_weights") == null) throw new ModelFormatException(h5.source() + ": no 'model_weights' group; the file holds a model_config but no weights");
        List<Layer> modelLayers = new ArrayList<>();
        for (Placed p : layersInConfigOrder(top, model)) if (!p.layer().weights().isEmpty()) modelLayers.add(p.layer());
        Staged staged = new Staged(false);
        legacyByOrder(h5, modelLayers, maxBytes, staged);
        staged.commit();
    }

    /**
     * Loads a legacy {@code .h5} (a {@code save_weights} file or a whole model) into an existing
     * model: by order (the model's layers with weights, in {@code model.layers} order, against the
     * file's), or by name (each model layer takes the file layer of the same name; others are left
     * alone), as Keras's {@code load_weights(by_name=...)}.
     *
     * @return the mismatches skipped (empty unless {@code skipMismatch})
     */
    static List<String> loadLegacyWeights(H5 h5, Model model, boolean byName, boolean skipMismatch, long maxBytes) throws ModelFormatException {
        Staged staged = new Staged(skipMismatch);
        if (byName) {
            Map<String, LegacyLayer> byLayer = new LinkedHashMap<>();
            for (LegacyLayer f : legacyLayers(h5)) byLayer.putIfAbsent(f.name(), f);
            for (Layer layer : model.layers()) {
                LegacyLayer f = byLayer.get(layer.name());
                if (f == null || layer.weights().isEmpty()) continue;
                legacyLayer(h5, layer, f, maxBytes, staged);
            }
        } else {
            List<Layer> withWeights = new ArrayList<>();
            for (Layer l : model.layers()) if (!l.weights().isEmpty()) withWeights.add(l);
            legacyByOrder(h5, withWeights, maxBytes, staged);
        }
        staged.commit();
        return staged.skipped;
    }

    private static void legacyByOrder(H5 h5, List<Layer> modelLayers, long maxBytes, Staged staged) throws ModelFormatException {
        List<LegacyLayer> fileLayers = legacyLayers(h5);
        if (modelLayers.size() != fileLayers.size()) {
            throw new ModelFormatException(h5.source() + ": the file has weights for " + fileLayers.size() + " layer(s) "
                    + fileLayers.stream().map(LegacyLayer::name).toList() + " but the model has "
                    + modelLayers.size() + " layer(s) with weights " + modelLayers.stream().map(Layer::name).toList()
                    + (fileLayers.size() != modelLayers.size() ? "; load by name to match layers by their names" : ""));
        }
        for (int k = 0; k < modelLayers.size(); k++) legacyLayer(h5, modelLayers.get(k), fileLayers.get(k), maxBytes, staged);
    }

    private static void legacyLayer(H5 h5, Layer layer, LegacyLayer f, long maxBytes, Staged staged) throws ModelFormatException {
        List<Variable> vars = legacyOrder(layer);
        List<String> wn = f.weightNames();
        String owner = "layer \"" + layer.name() + "\" (" + layer.className() + ")";
        List<Tensor> values = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String name : wn) {
            String w = f.where() + "/" + name;
            Dataset ds = h5.datasetAt(f.group(), name);
            if (ds == null) throw new ModelFormatException(h5.source() + ": weight '" + w + "' listed in 'weight_names' does not exist");
            values.add(h5.read(ds, w, maxBytes));
            where.add(w);
        }
        try {
            values = LegacyLayouts.weights(layer, values, f.kerasVersion(), f.backend());
        } catch (IllegalArgumentException | IllegalStateException e) {
            staged.mismatch(h5.source() + ": " + owner + ": its weights at '" + f.where() + "' cannot be converted from Keras "
                    + f.kerasVersion() + ": " + e.getMessage());
            return;
        }
        if (values.size() != vars.size()) {
            staged.mismatch(h5.source() + ": " + owner + " expects " + vars.size() + " weight(s) "
                    + vars.stream().map(Variable::name).toList() + ", but the file has " + wn.size() + " " + wn + " for layer \"" + f.name() + "\"");
            return;
        }
        if (where.size() != values.size()) where = java.util.Collections.nCopies(values.size(), f.where());    // gates joined
        for (int i = 0; i < vars.size(); i++) if (!fits(h5, values.get(i), where.get(i), owner, i, vars.get(i), staged)) return;
        for (int i = 0; i < vars.size(); i++) staged.add(vars.get(i), values.get(i));
    }
}
