package io.jkeras.saving;

import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code compile_config} both ways: the serialized forms of losses and metrics that
 * {@link Model#getCompileConfig()} writes, and {@link #compile(Model, Map)}, which compiles a model
 * from such a config (what {@link Model#compileFromConfig(Map)} and {@link Models#load} do).
 *
 * <p>Understood: an optimizer as an identifier or serialized object; a loss as an identifier, a
 * serialized built-in loss, a list (one per output) or an object keyed by output name; loss weights
 * as a list or an object keyed by output name; metrics as identifiers or serialized built-in
 * metrics, in a flat list (every output), a list of lists (one per output) or an object keyed by
 * output name. {@code weighted_metrics} are refused.
 */
public final class CompileConfigs {
    private CompileConfigs() {}

    /** A loss as Keras serializes it: {@code {module: "keras.losses", class_name, config, registered_name}}. */
    public static Map<String, Object> serializeLoss(Loss loss) {
        return entry("keras.losses", loss.className(), loss.getConfig());
    }

    /** A metric as Keras serializes it: {@code {module: "keras.metrics", class_name, config, registered_name}}. */
    public static Map<String, Object> serializeMetric(Metric metric) {
        return entry("keras.metrics", metric.className(), metric.getConfig());
    }

    private static Map<String, Object> entry(String module, String cls, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", module);
        m.put("class_name", cls);
        m.put("config", new LinkedHashMap<>(config));
        m.put("registered_name", null);
        return m;
    }

    /**
     * Compiles {@code model} from a Keras {@code compile_config}.
     *
     * @throws IllegalArgumentException naming the entry that cannot be restored
     */
    @SuppressWarnings("unchecked")
    public static void compile(Model model, Map<String, ?> config) {
        Objects.requireNonNull(config, "compile_config");
        List<String> outputs = outputNames(model);
        Optimizer optimizer = optimizer(config.get("optimizer"));
        Object lossSpec = config.get("loss");
        if (lossSpec == null) throw new IllegalArgumentException("compile_config: 'loss' is missing or null; a model without a loss cannot be trained");
        List<Loss> losses = new ArrayList<>();
        if (lossSpec instanceof List<?> l) {
            if (l.size() != outputs.size()) throw new IllegalArgumentException("compile_config: 'loss' has " + l.size()
                    + " entries for a model with " + outputs.size() + " outputs " + outputs);
            for (Object o : l) losses.add(loss(o));
        } else if (lossSpec instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            for (Object o : byOutput((Map<String, Object>) m, outputs, "loss")) {
                if (o == null) throw new IllegalArgumentException("compile_config: 'loss' has no entry for every output " + outputs);
                losses.add(loss(o));
            }
        } else {
            losses.add(loss(lossSpec));
        }

        List<Double> weights = new ArrayList<>();
        Object lw = config.get("loss_weights");
        if (lw instanceof List<?> l) {
            for (Object o : l) weights.add(number(o, "loss_weights"));
        } else if (lw instanceof Map<?, ?> m) {
            for (Object o : byOutput((Map<String, Object>) m, outputs, "loss_weights")) weights.add(o == null ? 1.0 : number(o, "loss_weights"));
        } else if (lw instanceof Number n) {
            weights.add(n.doubleValue());
        } else if (lw != null) throw new IllegalArgumentException("compile_config: 'loss_weights' must be a list, an object or null, found " + Config.describe(lw));

        Object wm = config.get("weighted_metrics");
        if (wm != null && !(wm instanceof List<?> wl && wl.isEmpty())) {
            throw new IllegalArgumentException("compile_config: 'weighted_metrics' " + Config.describe(wm) + " are not supported yet; load the model with compile=false and compile it again");
        }

        List<List<Metric>> metricObjects = new ArrayList<>();
        List<List<String>> metricIds = new ArrayList<>();
        Object ms = config.get("metrics");
        if (ms instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof List<?> || o == null)) {
            if (l.size() != outputs.size()) throw new IllegalArgumentException("compile_config: 'metrics' has " + l.size()
                    + " lists for a model with " + outputs.size() + " outputs " + outputs);
            for (Object o : l) addMetrics(o, metricObjects, metricIds);
        } else if (ms instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            for (Object o : byOutput((Map<String, Object>) m, outputs, "metrics")) addMetrics(o, metricObjects, metricIds);
        } else if (ms != null) {
            // a flat list (or one metric) applies to every output, each with its own metric objects
            for (int i = 0; i < outputs.size(); i++) addMetrics(ms, metricObjects, metricIds);
        }
        model.compile(optimizer, losses, weights, metricObjects, metricIds);
    }

    private static void addMetrics(Object spec, List<List<Metric>> objects, List<List<String>> ids) {
        List<Metric> os = new ArrayList<>();
        List<String> is = new ArrayList<>();
        if (spec != null) {
            for (Object o : spec instanceof List<?> l ? l : List.of(spec)) {
                if (o instanceof String s) {
                    try {
                        Metrics.resolve(s, io.jkeras.tensor.Shape.of(1, 2), io.jkeras.tensor.Shape.of(1, 2));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("compile_config: metric '" + s + "': " + e.getMessage(), e);
                    }
                    is.add(s);
                } else os.add(metric(o));
            }
        }
        objects.add(os);
        ids.add(is);
    }

    private static List<String> outputNames(Model model) {
        List<String> names = new ArrayList<>();
        if (model.isGraph()) for (KerasTensor t : model.outputs()) names.add(t.name());
        else names.add("output_1");
        return names;
    }

    private static List<Object> byOutput(Map<String, Object> m, List<String> outputs, String key) {
        for (String k : m.keySet()) {
            if (!outputs.contains(k)) throw new IllegalArgumentException("compile_config: '" + key + "' names output \"" + k
                    + "\", but the model's outputs are " + outputs);
        }
        List<Object> out = new ArrayList<>();
        for (String o : outputs) out.add(m.get(o));
        return out;
    }

    private static double number(Object o, String key) {
        if (o instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("compile_config: '" + key + "' entries must be numbers, found " + Config.describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Optimizer optimizer(Object spec) {
        try {
            if (spec instanceof String s) return Optimizers.get(s);
            if (spec instanceof Map<?, ?> m) {
                checkBuiltIn((Map<String, Object>) m, "optimizer");
                return Optimizers.deserialize((Map<String, Object>) m);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("compile_config: optimizer: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("compile_config: 'optimizer' must be an identifier or a serialized optimizer, found " + Config.describe(spec));
    }

    @SuppressWarnings("unchecked")
    private static Loss loss(Object spec) {
        try {
            if (spec instanceof String s) return Losses.get(s);
            if (spec instanceof Map<?, ?> m) {
                Map<String, Object> e = (Map<String, Object>) m;
                checkBuiltIn(e, "loss");
                Object cls = e.get("class_name");
                if (!(cls instanceof String c)) throw new IllegalArgumentException("a serialized loss needs a string 'class_name'");
                Object cfg = e.get("config");
                if (cfg instanceof String fn) return Losses.get(fn);     // a loss function serialized by name
                if (cfg != null && !(cfg instanceof Map)) throw new IllegalArgumentException("the 'config' of loss " + c + " must be an object");
                return Losses.fromConfig(c, cfg == null ? Map.of() : (Map<String, Object>) cfg);
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("compile_config: loss " + Config.describe(spec) + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("compile_config: a loss must be an identifier or a serialized loss, found " + Config.describe(spec));
    }

    @SuppressWarnings("unchecked")
    private static Metric metric(Object spec) {
        if (!(spec instanceof Map<?, ?> m)) throw new IllegalArgumentException("compile_config: a metric must be an identifier or a serialized metric, found " + Config.describe(spec));
        Map<String, Object> e = (Map<String, Object>) m;
        checkBuiltIn(e, "metric");
        Object cls = e.get("class_name");
        Object cfg = e.get("config");
        if (!(cls instanceof String c)) throw new IllegalArgumentException("compile_config: a serialized metric needs a string 'class_name', found " + Config.describe(spec));
        if (cfg instanceof String fn) {
            return resolveId(fn);                                  // a metric function serialized by name
        }
        Metric metric;
        try {
            metric = Metrics.get(c);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("compile_config: metric class '" + c + "' is not built in; load the model with compile=false and compile it in code", ex);
        }
        Map<String, Object> want = cfg instanceof Map<?, ?> cm ? new LinkedHashMap<>((Map<String, Object>) cm) : new LinkedHashMap<>();
        Object name = want.get("name");
        if (name instanceof String s) metric.name(s);
        // only metrics whose other arguments are Keras's defaults can be rebuilt from a class name
        Map<String, Object> have = metric.getConfig();
        for (Map.Entry<String, Object> kv : want.entrySet()) {
            if (kv.getKey().equals("name")) continue;
            Object h = have.get(kv.getKey());
            if (!sameValue(h, kv.getValue())) {
                throw new IllegalArgumentException("compile_config: metric " + c + " \"" + name + "\" has " + kv.getKey() + "=" + Config.describe(kv.getValue())
                        + ", which cannot be restored yet (only default arguments can); load the model with compile=false and compile it in code");
            }
        }
        return metric;
    }

    private static Metric resolveId(String id) {
        try {
            return Metrics.get(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compile_config: metric '" + id + "': " + e.getMessage(), e);
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue() || Math.abs(x.doubleValue() - y.doubleValue()) <= 1e-7 * Math.abs(y.doubleValue());
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!sameValue(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a != null && a.getClass().isArray() && b instanceof List<?>) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(a); i++) l.add(java.lang.reflect.Array.get(a, i));
            return sameValue(l, b);
        }
        return Objects.equals(a, b);
    }

    /** Refuses an object registered from user code in Python ({@code registered_name} "package>Class"). */
    private static void checkBuiltIn(Map<String, Object> e, String kind) {
        Object reg = e.get("registered_name");
        Object cls = e.get("class_name");
        if (reg instanceof String r && !r.equals(cls) && r.contains(">")) {
            throw new IllegalArgumentException("the " + kind + " '" + r + "' is a custom Python class; jkeras restores built-in ones only."
                    + " Load the model with compile=false and compile it in code");
        }
    }
}
