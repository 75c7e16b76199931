package io.jkeras.saving;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Node;
import io.jkeras.models.Sequential;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's config format, both ways: a layer or model becomes the JSON-ready object Keras 3 writes
 * ({@code module}, {@code class_name}, {@code config}, {@code registered_name}, {@code build_config};
 * Functional layers also {@code name} and {@code inbound_nodes}), and such an object (Keras 3, or
 * Keras 1/2's legacy form) becomes a layer or model through the {@link SavingRegistry}.
 *
 * <p>The static helpers for initializers, regularizers, constraints and the base layer arguments
 * are meant for layers' {@code fromConfig} methods:
 *
 * <pre>{@code
 * public static MyLayer fromConfig(Config c) {
 *     MyLayer l = new MyLayer(c.getInt("units"));
 *     l.kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", l.kernelInitializer()));
 *     return KerasSerialization.applyBaseConfig(l, c);
 * }
 * }</pre>
 */
public final class KerasSerialization {
    private static final String KERAS_TENSOR = "__keras_tensor__";

    private KerasSerialization() {}

    // ================================================================== reading: helpers for fromConfig

    /**
     * Applies the arguments every layer has: {@code name}, {@code trainable}, {@code dtype}, and an
     * input shape ({@code batch_input_shape} of Keras 1/2, or {@code input_shape}/{@code input_dim}).
     */
    public static <L extends Layer> L applyBaseConfig(L layer, Config c) {
        String name = c.getString("name", null);
        if (name != null) layer.name(name);
        layer.trainable(c.getBoolean("trainable", true));
        layer.dtype(c.getDType("dtype", DType.FLOAT32));
        int[] batchShape = c.getShape("batch_input_shape");
        if (batchShape == null) batchShape = c.getShape("batch_shape");
        if (batchShape != null) {
            if (batchShape.length < 1) throw new IllegalArgumentException(c.owner() + ": 'batch_input_shape' must include the batch dimension, found []");
            layer.inputShape(java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length));
        } else if (c.has("input_shape")) {
            layer.inputShape(c.getShape("input_shape"));
        } else if (c.has("input_dim")) {
            layer.inputShape(c.getInt("input_dim"));
        }
        if (c.has("activity_regularizer")) layer.activityRegularizer(regularizer(c, "activity_regularizer"));
        return layer;
    }

    /**
     * The initializer stored under {@code key}: a Keras identifier string ({@code "glorot_uniform"}),
     * a serialized object ({@code {"class_name": "GlorotUniform", "config": {...}}}), or absent/null
     * for {@code defaultValue}.
     */
    public static Initializer initializer(Config c, String key, Initializer defaultValue) {
        Object v = c.get(key);
        if (v == null) return defaultValue;
        if (v instanceof String s) {
            try {
                return Initializers.get(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(c.owner() + ": '" + key + "': " + e.getMessage());
            }
        }
        Config obj = c.getConfig(key);
        String cls = obj.getString("class_name");
        Config inner = obj.getConfig("config");
        return SavingRegistry.initializer(cls).apply(inner == null ? Config.of(Map.of(), c.owner() + " " + key) : Config.of(inner.asMap(), c.owner() + " " + key));
    }

    /** The regularizer under {@code key}, or null. */
    public static Regularizer regularizer(Config c, String key) {
        if (!c.has(key)) return null;
        Config obj = c.getConfig(key);
        Config inner = obj.getConfig("config");
        return SavingRegistry.regularizer(obj.getString("class_name")).apply(inner == null ? Config.of(Map.of(), c.owner() + " " + key) : inner);
    }

    /** The constraint under {@code key}, or null. */
    public static Constraint constraint(Config c, String key) {
        if (!c.has(key)) return null;
        Config obj = c.getConfig(key);
        Config inner = obj.getConfig("config");
        return SavingRegistry.constraint(obj.getString("class_name")).apply(inner == null ? Config.of(Map.of(), c.owner() + " " + key) : inner);
    }

    // ================================================================== reading: layers and models

    /**
     * Creates the layer (or model) described by one serialized entry
     * ({@code {"class_name": ..., "config": {...}, ...}}) through the registry.
     */
    @SuppressWarnings("unchecked")
    public static Layer layerFromEntry(Map<String, Object> entry) {
        Config e = Config.of(entry, "layer entry");
        String cls = e.getString("class_name");
        String registered = entry.get("registered_name") instanceof String s ? s : null;
        Object rawConfig = entry.get("config");
        Map<String, Object> cfg;
        if (rawConfig instanceof Map<?, ?> m) cfg = (Map<String, Object>) m;
        else if (rawConfig instanceof List<?> l && "Sequential".equals(cls)) {
            cfg = new LinkedHashMap<>();            // Keras 1 and 2.0-2.1: a Sequential config is the list of its layers
            cfg.put("layers", l);
        } else if (rawConfig == null) cfg = new LinkedHashMap<>();
        else throw new IllegalArgumentException("layer entry of class " + cls + ": 'config' must be an object, found " + Config.describe(rawConfig));
        String name = cfg.get("name") instanceof String s ? s : entry.get("name") instanceof String s2 ? s2 : null;
        String owner = name == null ? "layer of class " + cls : "layer \"" + name + "\" (" + cls + ")";
        boolean userClass = SavingRegistry.isRegistered(registered)
                || (SavingRegistry.isRegistered(cls) && !LegacyLayouts.className(cls).equals(cls));
        if (!userClass) {
            // Keras 1 class names and arguments, read as Keras 2 did (Convolution2D(nb_filter=...) is Conv2D(filters=...))
            try {
                cfg = LegacyLayouts.config(cls, cfg);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(owner + ": " + bad.getMessage(), bad);
            }
            cls = LegacyLayouts.className(cls);
        }
        SavingRegistry.LayerFactory factory = SavingRegistry.layer(cls, registered, name);
        Layer layer;
        try {
            layer = factory.fromConfig(Config.of(cfg, owner));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | ArithmeticException e2) {
            String msg = e2.getMessage() == null ? e2.toString() : e2.getMessage();
            throw new IllegalArgumentException(msg.contains(owner) || msg.startsWith("layer ") || msg.startsWith("Layer ") ? msg : owner + ": " + msg, e2);
        }
        if (layer == null) throw new IllegalArgumentException(owner + ": the registered factory returned null");
        if (name != null && !name.equals(layer.name())) {
            throw new IllegalArgumentException(owner + ": the registered factory made a layer named \"" + layer.name()
                    + "\"; it must apply the config's name (use KerasSerialization.applyBaseConfig)");
        }
        return layer;
    }

    /** Rebuilds a Functional model from its config ({@code layers}, {@code input_layers}, {@code output_layers}). */
    static Model functionalFromConfig(Config c) {
        List<Object> entries = c.getList("layers");
        if (entries == null) throw new IllegalArgumentException(c.owner() + ": a Functional config needs a 'layers' list");
        Map<String, Layer> created = new LinkedHashMap<>();
        Map<Layer, List<Object>> pending = new IdentityHashMap<>();
        List<Layer> order = new ArrayList<>();
        boolean legacy = false;     // Keras 1/2 configs write nodes as lists and number a nested model's nodes from 1
        for (Object o : entries) {
            Map<String, Object> entry = asEntry(o, c.owner() + " 'layers'");
            Layer layer = layerFromEntry(entry);
            if (created.putIfAbsent(layer.name(), layer) != null) {
                throw new IllegalArgumentException(c.owner() + ": two layers are named \"" + layer.name() + "\"");
            }
            order.add(layer);
            Object nodes = entry.get("inbound_nodes");
            if (nodes == null) nodes = List.of();
            if (!(nodes instanceof List<?> nl)) throw new IllegalArgumentException("layer \"" + layer.name() + "\": 'inbound_nodes' must be a list, found " + Config.describe(nodes));
            if (layer instanceof InputLayer && !nl.isEmpty()) throw new IllegalArgumentException("InputLayer \"" + layer.name() + "\" cannot have inbound nodes");
            if (!nl.isEmpty()) pending.put(layer, new ArrayList<>(nl));
            for (Object n : nl) if (n instanceof List<?>) legacy = true;
        }
        // Process nodes the way Keras does: in layer order, each layer's nodes in order; a node whose
        // inputs do not exist yet (a layer shared at different depths) waits for a later pass.
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Layer layer : order) {
                List<Object> nodes = pending.get(layer);
                if (nodes == null) continue;
                while (!nodes.isEmpty()) {
                    List<KerasTensor> inputs = resolveNodeInputs(layer, nodes.get(0), created, legacy);
                    if (inputs == null) break;
                    try {
                        layer.apply(inputs);
                    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
                        throw new IllegalArgumentException("layer \"" + layer.name() + "\" (" + layer.className() + "): calling it on inputs of shape "
                                + inputs.stream().map(t -> t.shape().toString()).toList() + " failed: " + e.getMessage(), e);
                    }
                    nodes.remove(0);
                    progress = true;
                }
                if (nodes.isEmpty()) pending.remove(layer);
            }
            if (!progress) {
                List<String> stuck = new ArrayList<>();
                for (Layer l : order) if (pending.containsKey(l)) stuck.add(l.name());
                throw new IllegalArgumentException(c.owner() + ": the graph has loops or refers to nodes that do not exist; cannot resolve the inputs of layers " + stuck);
            }
        }
        List<KerasTensor> inputs = tensorsFromRefs(c, "input_layers", created, legacy);
        List<KerasTensor> outputs = tensorsFromRefs(c, "output_layers", created, legacy);
        for (KerasTensor t : inputs) {
            if (!(t.node().layer() instanceof InputLayer)) throw new IllegalArgumentException(c.owner() + ": 'input_layers' names \"" + t.name() + "\", which is not an InputLayer");
        }
        Model model;
        try {
            model = new Model(inputs, outputs, c.getString("name", null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
        }
        if (!c.getBoolean("trainable", true)) model.trainable(false);
        return model;
    }

    /** Rebuilds a Sequential model from its config ({@code layers}, optional {@code build_input_shape}). */
    static Sequential sequentialFromConfig(Config c) {
        List<Object> entries = c.getList("layers");
        if (entries == null) throw new IllegalArgumentException(c.owner() + ": a Sequential config needs a 'layers' list");
        Sequential model = new Sequential(c.getString("name", null));
        for (Object o : entries) {
            Layer layer = layerFromEntry(asEntry(o, c.owner() + " 'layers'"));
            try {
                model.add(layer);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException(c.owner() + ": adding layer \"" + layer.name() + "\" failed: " + e.getMessage(), e);
            }
        }
        int[] shape = c.getShape("build_input_shape");
        if (!model.isGraph() && shape != null && !model.layers().isEmpty()) model.build(shape);
        if (!c.getBoolean("trainable", true)) model.trainable(false);
        return model;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asEntry(Object o, String where) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(where + ": each layer must be an object, found " + Config.describe(o));
    }

    /** The input tensors of one serialized node, or null when a referenced node does not exist yet. */
    private static List<KerasTensor> resolveNodeInputs(Layer layer, Object nodeData, Map<String, Layer> created, boolean legacyConfig) {
        String who = "layer \"" + layer.name() + "\"";
        List<KerasTensor> out = new ArrayList<>();
        if (nodeData instanceof List<?> legacy) {
            // Keras 1/2: [[layer_name, node_index, tensor_index, kwargs], ...]
            for (Object ref : legacy) {
                if (!(ref instanceof List<?> r) || r.size() < 3 || r.size() > 4) throw new IllegalArgumentException(who
                        + ": an inbound node entry must be [layer_name, node_index, tensor_index, kwargs], found " + Config.describe(ref));
                if (r.size() == 4) checkCallKwargs(who, r.get(3), List.of());
                KerasTensor t = tensorFromRef(who, r.get(0), r.get(1), r.get(2), created, legacyConfig ? RefKind.KERAS2 : RefKind.KERAS3_ARG);
                if (t == null) return null;
                out.add(t);
            }
        } else if (nodeData instanceof Map<?, ?> node) {
            // Keras 3: {"args": [...], "kwargs": {...}}
            List<String> tensorKwargs = TENSOR_KWARGS.getOrDefault(layer.className(), List.of());
            Object kwargs = node.get("kwargs");
            checkCallKwargs(who, kwargs, tensorKwargs);
            Object args = node.get("args");
            if (!(args instanceof List<?> argList)) throw new IllegalArgumentException(who + ": an inbound node needs an 'args' list, found " + Config.describe(args));
            if (!collectTensors(who, argList, created, out, 0)) return null;
            // tensors passed by keyword follow the positional ones, in the layer's input order
            for (String k : tensorKwargs) {
                Object v = kwargs instanceof Map<?, ?> km ? km.get(k) : null;
                if (v != null && !collectTensors(who, v instanceof List<?> l ? l : List.of(v), created, out, 0)) return null;
            }
        } else throw new IllegalArgumentException(who + ": an inbound node must be an object or a list, found " + Config.describe(nodeData));
        if (out.isEmpty()) throw new IllegalArgumentException(who + ": an inbound node has no input tensors");
        return out;
    }

    private static boolean collectTensors(String who, List<?> args, Map<String, Layer> created, List<KerasTensor> out, int depth) {
        if (depth > 8) throw new IllegalArgumentException(who + ": call arguments are nested too deeply");
        for (Object a : args) {
            if (a instanceof List<?> l) {
                if (!collectTensors(who, l, created, out, depth + 1)) return false;
            } else if (a instanceof Map<?, ?> m && KERAS_TENSOR.equals(m.get("class_name"))) {
                Object cfg = m.get("config");
                Object hist = cfg instanceof Map<?, ?> cm ? cm.get("keras_history") : null;
                if (!(hist instanceof List<?> h) || h.size() != 3) throw new IllegalArgumentException(who
                        + ": a keras tensor argument needs 'keras_history': [layer_name, node_index, tensor_index], found " + Config.describe(cfg));
                KerasTensor t = tensorFromRef(who, h.get(0), h.get(1), h.get(2), created, RefKind.KERAS3_ARG);
                if (t == null) return false;
                out.add(t);
            } else {
                throw new IllegalArgumentException(who + ": call argument " + Config.describe(a) + " is not a tensor; only tensor arguments can be loaded yet");
            }
        }
        return true;
    }

    /**
     * Call arguments that Keras 3 writes as keyword tensors and jkeras layers take as extra inputs
     * after the positional ones: MultiHeadAttention's {@code key} and {@code attention_mask}, a
     * recurrent layer's {@code initial_state}.
     */
    private static final Map<String, List<String>> TENSOR_KWARGS = Map.of(
            "MultiHeadAttention", List.of("key", "attention_mask"),
            "SimpleRNN", List.of("initial_state"), "LSTM", List.of("initial_state"), "GRU", List.of("initial_state"),
            "RNN", List.of("initial_state"), "Bidirectional", List.of("initial_state"),
            "ConvLSTM1D", List.of("initial_state"), "ConvLSTM2D", List.of("initial_state"), "ConvLSTM3D", List.of("initial_state"));

    private static void checkCallKwargs(String who, Object kwargs, List<String> tensorKwargs) {
        if (kwargs == null) return;
        if (!(kwargs instanceof Map<?, ?> m)) throw new IllegalArgumentException(who + ": call keyword arguments must be an object, found " + Config.describe(kwargs));
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            // training=True is what Keras records for its image preprocessing layers (their call's default);
            // Keras's Functional replaces a node's training with the model's own flag whenever that is given,
            // and jkeras always gives one (fit: true, predict/evaluate: false), so either value is harmless.
            boolean harmless = v == null || ("training".equals(e.getKey()) && v instanceof Boolean) || tensorKwargs.contains(e.getKey());
            if (!harmless) throw new IllegalArgumentException(who + ": call keyword argument " + e.getKey() + "=" + Config.describe(v)
                    + " is not supported yet (only mask=None and training=True/False can be loaded)");
        }
    }

    /**
     * How a reference numbers the nodes of a nested model. Keras 3 counts only the calls made inside
     * the model being described, except that its {@code input_layers}/{@code output_layers} start a
     * nested Functional model at 1 (for the node Keras 2 created when a model was built); Keras 1/2
     * start every reference to a nested Functional (or a Sequential with an input) at 1.
     */
    private enum RefKind { KERAS3_ARG, KERAS3_IO, KERAS2 }

    private static int nestedOffset(Layer src, RefKind kind) {
        if (!(src instanceof Model m)) return 0;
        return switch (kind) {
            case KERAS3_ARG -> 0;
            case KERAS3_IO -> m instanceof Sequential ? 0 : 1;
            case KERAS2 -> m instanceof Sequential ? (m.isGraph() ? 1 : 0) : 1;
        };
    }

    private static KerasTensor tensorFromRef(String who, Object layerName, Object nodeIndex, Object tensorIndex, Map<String, Layer> created, RefKind kind) {
        if (!(layerName instanceof String name)) throw new IllegalArgumentException(who + ": an input reference must start with a layer name, found " + Config.describe(layerName));
        long ni = nodeIndex instanceof Long || nodeIndex instanceof Integer ? ((Number) nodeIndex).longValue() : -1;
        long ti = tensorIndex instanceof Long || tensorIndex instanceof Integer ? ((Number) tensorIndex).longValue() : -1;
        if (ni < 0 || ti < 0) {
            throw new IllegalArgumentException(who + ": input reference to \"" + name + "\" needs non-negative integer node and tensor indices, found "
                    + Config.describe(nodeIndex) + ", " + Config.describe(tensorIndex));
        }
        Layer src = created.get(name);
        if (src == null) throw new IllegalArgumentException(who + ": its input comes from layer \"" + name + "\", which is not in the model's 'layers'");
        int offset = nestedOffset(src, kind);
        if (ni < offset) throw new IllegalArgumentException(who + ": input reference to nested model \"" + name + "\" names node " + ni
                + ", but this format numbers its calls from " + offset);
        ni -= offset;
        List<Node> nodes = src.inboundNodes();
        if (ni >= nodes.size()) return null;
        Node node = nodes.get((int) ni);
        if (ti >= node.outputs().size()) throw new IllegalArgumentException(who + ": its input is output " + ti + " of layer \"" + name
                + "\", which has only " + node.outputs().size() + " output(s)");
        return node.outputs().get((int) ti);
    }

    private static List<KerasTensor> tensorsFromRefs(Config c, String key, Map<String, Layer> created, boolean legacy) {
        List<Object> refs = c.getList(key);
        if (refs == null || refs.isEmpty()) throw new IllegalArgumentException(c.owner() + ": '" + key + "' is missing or empty");
        List<List<?>> triples = new ArrayList<>();
        if (refs.get(0) instanceof String) triples.add(refs);       // Keras 3 writes one tensor as a bare triple
        else for (Object r : refs) {
            if (!(r instanceof List<?> l)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' entries must be [layer_name, node_index, tensor_index], found " + Config.describe(r));
            triples.add(l);
        }
        List<KerasTensor> out = new ArrayList<>();
        for (List<?> t : triples) {
            if (t.size() != 3) throw new IllegalArgumentException(c.owner() + ": '" + key + "' entries must be [layer_name, node_index, tensor_index], found " + Config.describe(t));
            KerasTensor kt = tensorFromRef(c.owner() + " '" + key + "'", t.get(0), t.get(1), t.get(2), created, legacy ? RefKind.KERAS2 : RefKind.KERAS3_IO);
            if (kt == null) throw new IllegalArgumentException(c.owner() + ": '" + key + "' refers to node " + t.get(1) + " of layer \"" + t.get(0) + "\", which does not exist");
            out.add(kt);
        }
        return out;
    }

    // ================================================================== writing

    /** The Keras 3 entry for a model: what {@code config.json} holds (without {@code compile_config}). */
    public static Map<String, Object> serializeModel(Model model) {
        if (model instanceof Sequential seq) return serializeSequential(seq);
        if (model.getClass() != Model.class || !model.isGraph()) {
            throw new IllegalArgumentException("Model \"" + model.name() + "\" (" + model.className() + ") is a subclassed model; only Functional and Sequential models can be saved yet");
        }
        return serializeFunctional(model);
    }

    /** The Keras 3 entry for one layer ({@code module}, {@code class_name}, {@code config}, ...). */
    public static Map<String, Object> serializeLayer(Layer layer) {
        if (layer instanceof Model m) return serializeModel(m);       // a nested model: its own entry
        Map<String, Object> cfg = new LinkedHashMap<>(layer.getConfig());
        if (!(layer instanceof InputLayer)) cfg.remove("batch_input_shape");   // Keras 3 layers refuse it; the InputLayer carries the shape
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("module", "keras.layers");
        e.put("class_name", layer.className());
        e.put("config", cfg);
        e.put("registered_name", null);
        if (!(layer instanceof InputLayer) && layer.isBuilt() && layer.buildInputShapes() != null && layer.buildInputShapes().size() == 1) {
            e.put("build_config", Map.of("input_shape", shapeJson(layer.buildInputShapes().get(0))));
        }
        return e;
    }

    private static Map<String, Object> serializeSequential(Sequential seq) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", seq.name());
        cfg.put("trainable", seq.trainable());
        cfg.put("dtype", seq.dtype().kerasName());
        List<Object> layers = new ArrayList<>();
        if (seq.inputLayer() != null) layers.add(serializeLayer(seq.inputLayer()));
        for (Layer l : seq.layers()) layers.add(serializeLayer(l));
        cfg.put("layers", layers);
        Object inputShape = seq.inputLayer() == null ? null : shapeJson(seq.inputLayer().batchInputShape());
        if (inputShape != null) cfg.put("build_input_shape", inputShape);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("module", "keras");
        e.put("class_name", "Sequential");
        e.put("config", cfg);
        e.put("registered_name", null);
        if (inputShape != null) e.put("build_config", Map.of("input_shape", inputShape));
        return e;
    }

    private static Map<String, Object> serializeFunctional(Model model) {
        Set<Node> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(model.executionOrder());
        // Keras numbers a layer's nodes among those that belong to this model only
        Map<Node, Integer> nodeIndex = new IdentityHashMap<>();
        for (Layer l : model.layers()) {
            int k = 0;
            for (Node n : l.inboundNodes()) if (own.contains(n)) nodeIndex.put(n, k++);
        }
        List<Object> layers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Layer l : model.layers()) {
            if (seen.put(l.name(), 1) != null) throw new IllegalArgumentException("Model \"" + model.name() + "\" has two layers named \"" + l.name() + "\"; layer names must be unique to save it");
            Map<String, Object> e = serializeLayer(l);
            e.put("name", l.name());
            List<Object> nodes = new ArrayList<>();
            for (Node n : l.inboundNodes()) {
                if (!own.contains(n) || n.isInput()) continue;
                List<Object> tensors = new ArrayList<>();
                for (KerasTensor t : n.inputs()) tensors.add(tensorJson(t, nodeIndex));
                Map<String, Object> kwargs = new LinkedHashMap<>();
                List<KerasTensor> ins = n.inputs();
                if (l.className().equals("MultiHeadAttention") && ins.size() >= 3 && !ins.get(ins.size() - 1).dtype().isFloating()) {
                    kwargs.put("attention_mask", tensors.remove(tensors.size() - 1));     // Keras's third argument is the key
                }
                Map<String, Object> node = new LinkedHashMap<>();
                if (l.className().equals("MultiHeadAttention")) node.put("args", List.copyOf(tensors));       // query, value[, key]
                else if (TENSOR_KWARGS.getOrDefault(l.className(), List.of()).contains("initial_state") && tensors.size() > 1) {
                    node.put("args", List.of(tensors.get(0)));
                    kwargs.put("initial_state", List.copyOf(tensors.subList(1, tensors.size())));
                } else node.put("args", tensors.size() == 1 ? List.of(tensors.get(0)) : List.of(tensors));
                node.put("kwargs", kwargs);
                nodes.add(node);
            }
            e.put("inbound_nodes", nodes);
            layers.add(e);
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", model.name());
        cfg.put("trainable", model.trainable());
        cfg.put("layers", layers);
        cfg.put("input_layers", refsJson(model.inputs(), nodeIndex, true));
        cfg.put("output_layers", refsJson(model.outputs(), nodeIndex, true));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("module", "keras.src.models.functional");
        e.put("class_name", "Functional");
        e.put("config", cfg);
        e.put("registered_name", "Functional");
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("input_shape", null);
        e.put("build_config", build);
        return e;
    }

    private static Object refsJson(List<KerasTensor> ts, Map<Node, Integer> nodeIndex, boolean io) {
        if (ts.size() == 1) return ref(ts.get(0), nodeIndex, io);
        List<Object> out = new ArrayList<>();
        for (KerasTensor t : ts) out.add(ref(t, nodeIndex, io));
        return out;
    }

    private static List<Object> ref(KerasTensor t, Map<Node, Integer> nodeIndex, boolean io) {
        Integer ni = nodeIndex.get(t.node());
        if (ni == null) throw new IllegalStateException("Tensor " + t + " is not produced inside the model being saved");
        Layer l = t.node().layer();
        return List.of(l.name(), ni + nestedOffset(l, io ? RefKind.KERAS3_IO : RefKind.KERAS3_ARG), t.index());
    }

    private static Map<String, Object> tensorJson(KerasTensor t, Map<Node, Integer> nodeIndex) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("shape", shapeJson(t.shape()));
        c.put("dtype", t.dtype().kerasName());
        c.put("keras_history", ref(t, nodeIndex, false));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", KERAS_TENSOR);
        m.put("config", c);
        return m;
    }

    /** A shape as JSON: unknown dimensions become null. */
    static List<Object> shapeJson(Shape s) {
        if (s == null) return null;
        List<Object> l = new ArrayList<>();
        for (int d : s.toArray()) l.add(d == Shape.UNKNOWN ? null : (Object) d);
        return l;
    }

    /** The serialized form of an initializer ({@code {"module": "keras.initializers", "class_name": ...}}). */
    public static Map<String, Object> serializeInitializer(Initializer i) {
        return keraObject("keras.initializers", i.className(), i.getConfig());
    }

    /** The serialized form of a regularizer, or null. */
    public static Map<String, Object> serializeRegularizer(Regularizer r) {
        return r == null ? null : keraObject("keras.regularizers", r.className(), r.getConfig());
    }

    /** The serialized form of a constraint, or null; a constraint that is not a known Keras class cannot be saved. */
    public static Map<String, Object> serializeConstraint(Constraint c) {
        if (c == null) return null;
        if (!SavingRegistry.isKnownConstraint(c.className())) {
            throw new IllegalArgumentException("Constraint " + c.className() + " cannot be saved: it is neither a built-in Keras constraint nor registered"
                    + " (SavingRegistry.registerConstraint); write it as a class with className() and getConfig()");
        }
        return keraObject("keras.constraints", c.className(), c.getConfig());
    }

    /**
     * The activation under {@code key}: a built-in name ({@code "relu"}); serialized functions are
     * refused, since files never name code.
     */
    public static io.jkeras.activations.Activation activation(Config c, String key) {
        Object v = c.get(key);
        if (v != null && !(v instanceof String)) throw new IllegalArgumentException(c.owner() + ": activation " + Config.describe(v)
                + " is a serialized function; only built-in activation names (\"relu\", ...) can be loaded");
        try {
            return io.jkeras.activations.Activations.get((String) v);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> keraObject(String module, String cls, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", module);
        m.put("class_name", cls);
        m.put("config", new LinkedHashMap<>(config));
        m.put("registered_name", null);
        return m;
    }
}
