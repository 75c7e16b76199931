package io.jkeras.utils;

import io.jkeras.autodiff.Variable;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Node;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keras 3's {@code model.summary()} table, character for character: the same columns, widths,
 * box-drawing characters, text wrapping and parameter counts as Keras prints with a wide enough
 * terminal (Keras narrows its default to the terminal's width minus 4; we do not).
 *
 * <pre>{@code
 * System.out.print(Summary.of(model));                  // like model.summary()
 * String s = Summary.of(model, 120);                    // line_length=120
 * String t = Summary.forModel(model).showTrainable(true).expandNested(true).render();
 * }</pre>
 *
 * A model whose graph is a plain chain (each depth holds one node with one input, and no layer is
 * used twice), a Sequential model and a subclassed model get the 88-column table with
 * "Layer (type)", "Output Shape" and "Param #"; any other Functional model gets 108 columns with a
 * "Connected to" column naming each input as {@code layer[node][tensor]}.
 */
public final class Summary {
    private final Model model;
    private Integer lineLength;
    private double[] positions;
    private boolean expandNested;
    private boolean showTrainable;
    private String[] layerRange;
    private List<Variable> optimizerVariables;

    private Summary(Model model) {
        if (model == null) throw new IllegalArgumentException("Summary: the model must not be null");
        this.model = model;
    }

    /** The summary with Keras's defaults (Keras's {@code model.summary()}). */
    public static String of(Model model) { return forModel(model).render(); }

    /** The summary {@code lineLength} characters wide (Keras's {@code line_length=}). */
    public static String of(Model model, int lineLength) { return forModel(model).lineLength(lineLength).render(); }

    /** A summary to configure with Keras's other {@code summary()} arguments, then {@link #render()}. */
    public static Summary forModel(Model model) { return new Summary(model); }

    /** Total width of each line ({@code line_length}); the default is 88 or 108 (plus 12 with the Trainable column). */
    public Summary lineLength(int n) {
        if (n <= 0) throw new IllegalArgumentException("line_length must be positive, received " + n);
        this.lineLength = n;
        return this;
    }

    /**
     * Where each column ends, as fractions of the line length, one per column
     * ({@code positions}); the default is {@code [0.45, 0.80, 1.0]} or {@code [0.3, 0.56, 0.74, 1.0]}.
     */
    public Summary positions(double... p) { this.positions = p.clone(); return this; }

    /** Also lists the layers inside nested models, indented ({@code expand_nested=True}). */
    public Summary expandNested(boolean b) { this.expandNested = b; return this; }

    /** Adds a "Trainable" column: Y, N, or - for a layer without weights ({@code show_trainable=True}). */
    public Summary showTrainable(boolean b) { this.showTrainable = b; return this; }

    /**
     * Prints only the layers from the first whose name matches {@code first} to the last whose
     * name matches {@code last} (regular expressions matched at the start of the name;
     * {@code layer_range}).
     */
    public Summary layerRange(String first, String last) {
        if (first == null || last == null) throw new IllegalArgumentException("layer_range should contain string type only. Received: ["
                + first + ", " + last + "]");
        this.layerRange = new String[] {first, last};
        return this;
    }

    /**
     * Prints these optimizer variables in an "Optimizer params" line, counted in the total. By
     * default a compiled model's optimizer is shown once it has taken a step (Keras prints the line
     * once the optimizer is built, which happens at the first training step); an empty list
     * hides the line.
     */
    public Summary optimizerVariables(List<Variable> vars) {
        this.optimizerVariables = vars == null ? null : List.copyOf(vars);
        return this;
    }

    // ------------------------------------------------------------------ rendering

    /** The summary text, each line ending in a newline. */
    public String render() {
        boolean sequentialLike;
        List<Layer> layers = model.layers();
        Set<Node> relevantNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        if (model instanceof Sequential || !model.isGraph()) {
            sequentialLike = true;
        } else {
            sequentialLike = isChain(model);
            if (!sequentialLike) for (List<Node> nodes : model.nodesByDepth().values()) relevantNodes.addAll(nodes);
        }

        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        List<Justify> align = new ArrayList<>(List.of(Justify.LEFT, Justify.LEFT, Justify.RIGHT));
        int defaultLength;
        double[] pos;
        if (sequentialLike) {
            defaultLength = 88;
            pos = positions != null ? positions : new double[] {0.45, 0.80, 1.0};
        } else {
            defaultLength = 108;
            pos = positions != null ? positions : new double[] {0.3, 0.56, 0.74, 1.0};
            header.add("Connected to");
            align.add(Justify.LEFT);
        }
        if (showTrainable) {
            defaultLength += 12;
            double[] p = new double[pos.length + 1];
            for (int i = 0; i < pos.length; i++) p[i] = pos[i] * 0.90;
            p[pos.length] = 1.0;
            pos = p;
            header.add("Trainable");
            align.add(Justify.CENTER);
        }
        if (pos.length != header.size()) throw new IllegalArgumentException("positions has " + pos.length + " entries but the summary has "
                + header.size() + " columns " + header);
        int width = lineLength != null ? lineLength : defaultLength;
        int[] columnWidths = new int[pos.length];
        int current = 0;
        for (int i = 0; i < pos.length; i++) {
            int w = (int) (pos[i] * width) - current;   // Python's int() truncates toward zero, as the cast does
            if (w < 4) throw new IllegalArgumentException("Insufficient console width to print summary. Column " + i + " (" + header.get(i)
                    + ") would be " + w + " characters wide with line_length=" + width + "; use a larger line length.");
            columnWidths[i] = w;
            current += w;
        }

        BoxTable table = new BoxTable(header, align, columnWidths, width);
        int[] range = layerIndexRange(layers);
        for (Layer layer : layers.subList(range[0], range[1])) addRows(table, layer, 0, sequentialLike, relevantNodes);

        List<Variable> trainable = model.trainableWeights();
        List<Variable> nonTrainable = model.nonTrainableWeights();
        long trainableCount = countParams(trainable), nonTrainableCount = countParams(nonTrainable);
        double trainableBytes = memoryBytes(trainable), nonTrainableBytes = memoryBytes(nonTrainable);
        List<Variable> optVars = optimizerVariables;
        if (optVars == null && model.isCompiled() && model.optimizer() != null && model.optimizer().iterations() > 0) {
            optVars = model.optimizer().variables();
        }
        boolean showOptimizer = optVars != null && !optVars.isEmpty();
        long optimizerCount = 0;
        double optimizerBytes = 0;
        if (showOptimizer) {
            optimizerCount = countParams(optVars);
            optimizerBytes = memoryBytes(optVars);
        }

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        table.render(sb);
        sb.append(" Total params: ").append(thousands(trainableCount + nonTrainableCount + optimizerCount))
                .append(" (").append(readableSize(trainableBytes + nonTrainableBytes + optimizerBytes)).append(")\n");
        sb.append(" Trainable params: ").append(thousands(trainableCount)).append(" (").append(readableSize(trainableBytes)).append(")\n");
        sb.append(" Non-trainable params: ").append(thousands(nonTrainableCount)).append(" (").append(readableSize(nonTrainableBytes)).append(")\n");
        if (showOptimizer) {
            sb.append(" Optimizer params: ").append(thousands(optimizerCount)).append(" (").append(readableSize(optimizerBytes)).append(")\n");
        }
        return sb.toString();
    }

    /**
     * Keras's "sequential-like" test for a graph model: every depth holds a single node with at most
     * one input tensor, and no layer has two nodes in the graph.
     */
    private static boolean isChain(Model model) {
        Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Node> atDepth : model.nodesByDepth().values()) {
            if (atDepth.size() > 1 || (atDepth.size() == 1 && atDepth.get(0).inputs().size() > 1)) return false;
            nodes.addAll(atDepth);
        }
        for (Layer layer : model.layers()) {
            int inGraph = 0;
            for (Node n : layer.inboundNodes()) if (nodes.contains(n) && ++inGraph > 1) return false;
        }
        return true;
    }

    private void addRows(BoxTable table, Layer layer, int level, boolean sequentialLike, Set<Node> relevantNodes) {
        String prefix = level == 0 ? "" : "   ".repeat(level) + "└ ";
        List<String> row = new ArrayList<>();
        row.add(prefix + layer.name() + " (" + layer.className() + ")");
        row.add(outputShape(layer));
        row.add(layer.isBuilt() ? thousands(layer.countParams()) : "0 (unbuilt)");
        if (!sequentialLike) row.add(connections(layer, relevantNodes));
        if (showTrainable) row.add(layer.weights().isEmpty() ? "-" : layer.trainable() ? "Y" : "N");
        table.addRow(row);
        if (expandNested && layer instanceof Model nested) {
            for (Layer inner : nested.layers()) addRows(table, inner, level + 1, sequentialLike, relevantNodes);
        }
    }

    /** The output shape of the layer's last call on symbolic tensors, or from its build shapes, or "?". */
    static String outputShape(Layer layer) {
        List<Node> nodes = layer.inboundNodes();
        List<Shape> shapes = new ArrayList<>();
        if (!nodes.isEmpty()) {
            for (KerasTensor t : nodes.get(nodes.size() - 1).outputs()) shapes.add(t.shape());
        } else {
            if (layer.buildInputShapes() == null) return "?";
            try {
                shapes.addAll(layer.computeOutputShape(layer.buildInputShapes()));
            } catch (RuntimeException e) {
                return "?";
            }
        }
        if (shapes.size() == 1) return formatShape(shapes.get(0));
        List<String> parts = new ArrayList<>();
        for (Shape s : shapes) parts.add(formatShape(s));
        return "[" + String.join(", ", parts) + "]";
    }

    /** Keras's shape text: {@code (None, 784)}; a rank-1 shape prints as {@code (None)}. */
    static String formatShape(Shape s) {
        List<String> dims = new ArrayList<>();
        for (int d : s.toArray()) dims.add(d == Shape.UNKNOWN ? "None" : Integer.toString(d));
        return "(" + String.join(", ", dims) + ")";
    }

    private static String connections(Layer layer, Set<Node> relevantNodes) {
        StringBuilder sb = new StringBuilder();
        for (Node node : layer.inboundNodes()) {
            if (!relevantNodes.isEmpty() && !relevantNodes.contains(node)) continue;   // a call outside this model
            for (KerasTensor in : node.inputs()) {
                if (!sb.isEmpty()) sb.append(", ");
                sb.append(in.node().layer().name()).append('[').append(in.node().indexInLayer()).append("][").append(in.index()).append(']');
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    private int[] layerIndexRange(List<Layer> layers) {
        if (layerRange == null) return new int[] {0, layers.size()};
        Pattern lo = Pattern.compile(layerRange[0]), hi = Pattern.compile(layerRange[1]);
        int minLo = Integer.MAX_VALUE, maxLo = -1, minHi = Integer.MAX_VALUE, maxHi = -1;
        for (int i = 0; i < layers.size(); i++) {
            String n = layers.get(i).name();
            if (lo.matcher(n).lookingAt()) { minLo = Math.min(minLo, i); maxLo = Math.max(maxLo, i); }
            if (hi.matcher(n).lookingAt()) { minHi = Math.min(minHi, i); maxHi = Math.max(maxHi, i); }
        }
        if (maxLo < 0 || maxHi < 0) throw new IllegalArgumentException("Passed layer_names do not match the layer names in the model. Received: ["
                + layerRange[0] + ", " + layerRange[1] + "]; the model's layers are " + layers.stream().map(Layer::name).toList());
        if (minLo > maxHi) return new int[] {minHi, maxLo + 1};
        return new int[] {minLo, maxHi + 1};
    }

    // ------------------------------------------------------------------ numbers

    private static long countParams(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) n += v.size();
        return n;
    }

    /** Bytes taken by the distinct variables (a bool counts one bit, as in Keras). */
    private static double memoryBytes(List<Variable> vars) {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bits = 0;
        for (Variable v : vars) {
            if (!seen.add(v)) continue;
            bits += v.size() * (v.dtype() == DType.BOOL ? 1L : v.dtype().byteSize() * 8L);
        }
        return bits / 8.0;
    }

    /** {@code 109386} as {@code 109,386}. */
    static String thousands(long n) { return String.format(Locale.ROOT, "%,d", n); }

    /** Keras's readable size: B, KB, MB, ... in steps of 1024, two decimals (rounded half to even, as Python does). */
    static String readableSize(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        for (String unit : units) {
            if (size / 1024 < 1) return twoDecimals(size) + " " + unit;
            size /= 1024;
        }
        return twoDecimals(size) + " " + units[units.length - 1];
    }

    // Python's "{:.2f}": the exact binary value rounded half to even
    private static String twoDecimals(double v) { return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString(); }

    // ------------------------------------------------------------------ the table

    enum Justify { LEFT, RIGHT, CENTER }

    /**
     * A table drawn with heavy lines around the header and light lines between rows, each cell
     * padded by one space and word-wrapped to its column; a word wider than its column is cut with
     * an ellipsis. Column widths follow the rule of the Rich library that Keras prints with: each
     * column asks for its width plus padding, and when the total exceeds the line, the excess is
     * taken from the columns in turn, in equal shares rounded half to even.
     */
    static final class BoxTable {
        private final List<String> header;
        private final List<Justify> align;
        private final int[] widths;    // cell widths, padding included
        private final List<List<String>> rows = new ArrayList<>();

        BoxTable(List<String> header, List<Justify> align, int[] columnWidths, int lineLength) {
            this.header = header;
            this.align = align;
            int n = columnWidths.length;
            int maxWidth = lineLength - (n + 1);   // borders: one per column and the right edge
            int[] w = new int[n];
            for (int i = 0; i < n; i++) w[i] = Math.max(1, Math.min(columnWidths[i] + 2, maxWidth));
            int total = 0;
            for (int x : w) total += x;
            if (total > maxWidth) w = ratioReduce(total - maxWidth, w);
            this.widths = w;
        }

        void addRow(List<String> cells) { rows.add(cells); }

        /** Takes {@code excess} from the values, equal shares in order, each share rounded half to even. */
        private static int[] ratioReduce(int excess, int[] values) {
            int[] out = values.clone();
            int remaining = excess, ratioLeft = 0;
            for (int v : values) if (v != 0) ratioLeft++;
            for (int i = 0; i < values.length; i++) {
                if (values[i] == 0) continue;   // an empty column gives nothing
                int share = (int) Math.min(values[i], Math.rint((double) remaining / ratioLeft));
                out[i] = values[i] - share;
                remaining -= share;
                ratioLeft--;
            }
            return out;
        }

        void render(StringBuilder sb) {
            rule(sb, '┏', '━', '┳', '┓');
            line(sb, header, '┃', true);
            rule(sb, '┡', '━', '╇', '┩');
            for (int r = 0; r < rows.size(); r++) {
                if (r > 0) rule(sb, '├', '─', '┼', '┤');
                line(sb, rows.get(r), '│', false);
            }
            rule(sb, '└', '─', '┴', '┘');
        }

        private void rule(StringBuilder sb, char left, char fill, char cross, char right) {
            sb.append(left);
            for (int i = 0; i < widths.length; i++) {
                if (i > 0) sb.append(cross);
                sb.append(String.valueOf(fill).repeat(widths[i]));
            }
            sb.append(right).append('\n');
        }

        /** One row of cells; header cells sit at the bottom of a row that wraps, body cells at the top (as Rich draws them). */
        private void line(StringBuilder sb, List<String> cells, char vertical, boolean bottom) {
            List<List<String>> wrapped = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < widths.length; i++) {
                List<String> lines = wrap(i < cells.size() ? cells.get(i) : "", Math.max(0, widths[i] - 2), align.get(i));
                wrapped.add(lines);
                height = Math.max(height, lines.size());
            }
            for (int h = 0; h < height; h++) {
                sb.append(vertical);
                for (int i = 0; i < widths.length; i++) {
                    if (i > 0) sb.append(vertical);
                    List<String> lines = wrapped.get(i);
                    if (widths[i] < 2) { sb.append(" ".repeat(widths[i])); continue; }
                    int k = bottom ? h - (height - lines.size()) : h;
                    String text = k >= 0 && k < lines.size() ? lines.get(k) : " ".repeat(widths[i] - 2);
                    sb.append(' ').append(text).append(' ');
                }
                sb.append(vertical).append('\n');
            }
        }
    }

    // ------------------------------------------------------------------ text wrapping

    /**
     * Wraps {@code text} to lines of exactly {@code width} characters: breaks between words (a word
     * keeps its trailing spaces), a word wider than the line gets a line of its own and is cut
     * with "…", and each line is justified and padded.
     */
    static List<String> wrap(String text, int width, Justify justify) {
        List<String> out = new ArrayList<>();
        if (width <= 0) return List.of("");   // a column squeezed to its padding shows nothing
        for (String paragraph : text.split("\n", -1)) {
            List<Integer> breaks = divideLine(paragraph, width);
            int start = 0;
            List<String> pieces = new ArrayList<>();
            for (int b : breaks) { pieces.add(paragraph.substring(start, b)); start = b; }
            pieces.add(paragraph.substring(start));
            for (String piece : pieces) out.add(justify(rstripEnd(piece, width), width, justify));
        }
        return out;
    }

    /** Offsets at which to break {@code text} so that words fit {@code width} (never folding a word). */
    private static List<Integer> divideLine(String text, int width) {
        List<Integer> breaks = new ArrayList<>();
        int offset = 0;
        int pos = 0, n = text.length();
        while (pos < n) {
            // a word: leading spaces, non-spaces, trailing spaces
            int start = pos, i = pos;
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (i == n) break;
            while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
            int endOfWord = i;
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            int wordLength = cells(text, start, endOfWord), fullLength = cells(text, start, i);
            if (width - offset >= wordLength) {
                offset += fullLength;
            } else if (wordLength > width) {
                if (start > 0) breaks.add(start);
                offset = fullLength;
            } else if (offset > 0 && start > 0) {
                breaks.add(start);
                offset = fullLength;
            }
            pos = i;
        }
        return breaks;
    }

    /** Drops trailing whitespace that sticks out past {@code width}. */
    private static String rstripEnd(String s, int width) {
        int len = cells(s, 0, s.length());
        if (len <= width) return s;
        int ws = 0;
        while (ws < s.length() && Character.isWhitespace(s.charAt(s.length() - 1 - ws))) ws++;
        return s.substring(0, s.length() - Math.min(ws, len - width));
    }

    private static String justify(String s, int width, Justify j) {
        if (j != Justify.LEFT) s = s.stripTrailing();
        s = truncate(s, width);
        int pad = width - cells(s, 0, s.length());
        return switch (j) {
            case LEFT -> s + " ".repeat(pad);
            case RIGHT -> " ".repeat(pad) + s;
            case CENTER -> " ".repeat(pad / 2) + s + " ".repeat(pad - pad / 2);
        };
    }

    /** Cuts a line longer than {@code width} to {@code width - 1} characters and an ellipsis. */
    private static String truncate(String s, int width) {
        if (cells(s, 0, s.length()) <= width) return s;
        if (width <= 0) return "";
        return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    // terminal cells taken by text[from, to): one per code point (names are ASCII in practice)
    private static int cells(String s, int from, int to) { return s.codePointCount(from, to); }
}
