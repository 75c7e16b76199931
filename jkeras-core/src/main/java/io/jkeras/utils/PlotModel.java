package io.jkeras.utils;

import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Node;
import io.jkeras.tensor.Shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A picture of a model's layer graph (Keras's {@code keras.utils.plot_model}), drawn by jkeras
 * itself: no Graphviz needed. One box per layer call with its name and class (and, as asked, its
 * input and output shapes, dtype, activation, trainability), arrows along the data flow, laid out
 * in rows by depth from the inputs. SVG for a {@code .svg} path, PNG for {@code .png}.
 *
 * <pre>{@code
 * PlotModel.plotModel(model, Path.of("model.png"));
 * PlotModel.plotModel(model, Path.of("model.svg"), new PlotModel.Options().showShapes(true).rankdir("LR"));
 * }</pre>
 */
public final class PlotModel {
    private PlotModel() {}

    /** Keras's {@code plot_model} arguments (its defaults: names shown, shapes, dtypes, activations, trainability not; top to bottom). */
    public static final class Options {
        boolean showShapes = false, showDtype = false, showLayerNames = true, showLayerActivations = false, showTrainable = false;
        boolean leftToRight = false;
        double scale = 2.0;

        public Options showShapes(boolean b) { showShapes = b; return this; }
        public Options showDtype(boolean b) { showDtype = b; return this; }
        public Options showLayerNames(boolean b) { showLayerNames = b; return this; }
        public Options showLayerActivations(boolean b) { showLayerActivations = b; return this; }
        public Options showTrainable(boolean b) { showTrainable = b; return this; }

        /** {@code "TB"} (top to bottom, the default) or {@code "LR"} (left to right). */
        public Options rankdir(String dir) {
            switch (dir) {
                case "TB" -> leftToRight = false;
                case "LR" -> leftToRight = true;
                default -> throw new IllegalArgumentException("rankdir must be \"TB\" or \"LR\", received \"" + dir + "\"");
            }
            return this;
        }

        /** Pixels per unit in a PNG (Keras's {@code dpi} / 96); default 2. */
        public Options scale(double s) {
            if (!(s > 0)) throw new IllegalArgumentException("scale must be positive, received " + s);
            scale = s;
            return this;
        }
    }

    /** One box: its lines of text, and the boxes that feed it. */
    record Box(List<String> lines, List<Integer> parents, int level) {}

    static final double FONT = 12, LINE = 17, PAD_X = 12, PAD_Y = 8, GAP_X = 30, GAP_Y = 40;

    /** Draws {@code model} to {@code path} with Keras's default options. */
    public static Path plotModel(Model model, Path path) { return plotModel(model, path, new Options()); }

    /** Draws {@code model} to {@code path} ({@code .png} or {@code .svg}). */
    public static Path plotModel(Model model, Path path, Options o) {
        List<Box> boxes = boxes(model, o);
        Layout lay = layout(boxes, o);
        try {
            Canvas.write(path, lay.width, lay.height, o.scale, c -> draw(c, boxes, lay, o));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path + ": " + e.getMessage(), e);
        }
        return path;
    }

    static List<Box> boxes(Model model, Options o) {
        List<Box> out = new ArrayList<>();
        if (model.isGraph()) {
            Map<Node, Integer> index = new IdentityHashMap<>();
            for (Node n : model.executionOrder()) {
                List<Integer> parents = new ArrayList<>();
                int level = 0;
                for (KerasTensor in : n.inputs()) {
                    Integer p = index.get(in.node());
                    if (p != null && !parents.contains(p)) {
                        parents.add(p);
                        level = Math.max(level, out.get(p).level() + 1);
                    }
                }
                List<Shape> ins = n.inputs().stream().map(KerasTensor::shape).toList();
                List<Shape> outs = n.outputs().stream().map(KerasTensor::shape).toList();
                index.put(n, out.size());
                out.add(new Box(text(n.layer(), ins, outs, o), parents, level));
            }
        } else {
            List<Layer> layers = model.layers();
            if (layers.isEmpty()) throw new IllegalArgumentException("plotModel: model \"" + model.name() + "\" has no layers to draw");
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                List<Shape> ins = l.buildInputShapes() == null ? List.of() : l.buildInputShapes();
                List<Shape> outs = ins.isEmpty() ? List.of() : safeOutput(l, ins);
                out.add(new Box(text(l, ins, outs, o), i == 0 ? List.of() : List.of(i - 1), i));
            }
        }
        return out;
    }

    private static List<Shape> safeOutput(Layer l, List<Shape> ins) {
        try {
            return l.computeOutputShape(ins);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> text(Layer l, List<Shape> ins, List<Shape> outs, Options o) {
        List<String> lines = new ArrayList<>();
        lines.add(o.showLayerNames ? l.name() + " (" + l.className() + ")" : l.className());
        if (o.showShapes) {
            if (!(l instanceof InputLayer)) lines.add("Input shape: " + shapes(ins));
            lines.add("Output shape: " + shapes(outs));
        }
        if (o.showDtype) lines.add("dtype: " + l.dtype());
        if (o.showLayerActivations) {
            Object act = l.getConfig().get("activation");
            if (act != null) lines.add("Activation: " + act);
        }
        if (o.showTrainable) lines.add("Trainable: " + (l.trainable() ? "True" : "False"));
        return lines;
    }

    private static String shapes(List<Shape> s) {
        if (s.isEmpty()) return "?";
        if (s.size() == 1) return s.get(0).toString();
        return s.toString();
    }

    static final class Layout {
        double[] x, y, w, h;
        double width, height;
    }

    static Layout layout(List<Box> boxes, Options o) {
        int n = boxes.size();
        Layout lay = new Layout();
        lay.x = new double[n];
        lay.y = new double[n];
        lay.w = new double[n];
        lay.h = new double[n];
        int levels = 0;
        for (Box b : boxes) levels = Math.max(levels, b.level() + 1);
        for (int i = 0; i < n; i++) {
            double tw = 0;
            for (String s : boxes.get(i).lines()) tw = Math.max(tw, Canvas.textWidth(s, FONT));
            lay.w[i] = tw + 2 * PAD_X;
            lay.h[i] = boxes.get(i).lines().size() * LINE + 2 * PAD_Y;
        }
        // extent of each rank along the flow and across it
        double[] rankAlong = new double[levels], rankAcross = new double[levels];
        for (int i = 0; i < n; i++) {
            int r = boxes.get(i).level();
            double along = o.leftToRight ? lay.w[i] : lay.h[i], across = o.leftToRight ? lay.h[i] : lay.w[i];
            rankAlong[r] = Math.max(rankAlong[r], along);
            rankAcross[r] += (rankAcross[r] > 0 ? GAP_X : 0) + across;
        }
        double maxAcross = 0;
        for (double a : rankAcross) maxAcross = Math.max(maxAcross, a);
        double margin = 20;
        double[] rankStart = new double[levels];
        double pos = margin;
        for (int r = 0; r < levels; r++) { rankStart[r] = pos; pos += rankAlong[r] + GAP_Y; }
        double[] cursor = new double[levels];
        for (int r = 0; r < levels; r++) cursor[r] = margin + (maxAcross - rankAcross[r]) / 2;
        for (int i = 0; i < n; i++) {
            int r = boxes.get(i).level();
            double along = o.leftToRight ? lay.w[i] : lay.h[i], across = o.leftToRight ? lay.h[i] : lay.w[i];
            double a = rankStart[r] + (rankAlong[r] - along) / 2, c = cursor[r];
            cursor[r] += across + GAP_X;
            if (o.leftToRight) { lay.x[i] = a; lay.y[i] = c; } else { lay.x[i] = c; lay.y[i] = a; }
        }
        double flow = pos - GAP_Y + margin, cross = maxAcross + 2 * margin;
        lay.width = o.leftToRight ? flow : cross;
        lay.height = o.leftToRight ? cross : flow;
        return lay;
    }

    private static void draw(Canvas c, List<Box> boxes, Layout lay, Options o) {
        int edge = 0x555555;
        for (int i = 0; i < boxes.size(); i++) {
            for (int p : boxes.get(i).parents()) {
                double x1, y1, x2, y2;
                if (o.leftToRight) {
                    x1 = lay.x[p] + lay.w[p]; y1 = lay.y[p] + lay.h[p] / 2; x2 = lay.x[i]; y2 = lay.y[i] + lay.h[i] / 2;
                } else {
                    x1 = lay.x[p] + lay.w[p] / 2; y1 = lay.y[p] + lay.h[p]; x2 = lay.x[i] + lay.w[i] / 2; y2 = lay.y[i];
                }
                c.line(x1, y1, x2, y2, edge, 1.3, false);
                arrowHead(c, x1, y1, x2, y2, edge);
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            c.rect(lay.x[i], lay.y[i], lay.w[i], lay.h[i], 0xF3F6FA, 0x2F4A6D, 1.2);
            List<String> lines = boxes.get(i).lines();
            for (int k = 0; k < lines.size(); k++) {
                c.text(lay.x[i] + lay.w[i] / 2, lay.y[i] + PAD_Y + (k + 1) * LINE - 4, lines.get(k), FONT, 0x111111,
                        Canvas.Anchor.MIDDLE, k == 0);
            }
        }
    }

    static void arrowHead(Canvas c, double x1, double y1, double x2, double y2, int color) {
        double dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy);
        if (len == 0) return;
        double ux = dx / len, uy = dy / len, size = 7;
        double bx = x2 - ux * size, by = y2 - uy * size;
        c.polygon(new double[] {x2, bx - uy * size / 2, bx + uy * size / 2}, new double[] {y2, by + ux * size / 2, by - ux * size / 2}, color);
    }
}
