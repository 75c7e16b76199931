package io.jkeras.utils;

import io.jkeras.callbacks.History;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training curves from a {@link History}: one panel per metric (loss first), the training values
 * as a solid line and the {@code val_} values, when there are any, as a dashed one, against the
 * epoch (1-based). SVG for a {@code .svg} path, PNG for {@code .png}.
 *
 * <pre>{@code
 * History h = model.fit(x, y, FitOptions.builder().epochs(20).validationSplit(0.2));
 * h.plot(Path.of("history.png"));
 * }</pre>
 */
public final class HistoryPlot {
    private HistoryPlot() {}

    static final double PANEL_W = 360, PANEL_H = 260, MARGIN_L = 62, MARGIN_R = 16, MARGIN_T = 30, MARGIN_B = 42, FONT = 11;
    static final int TRAIN = 0x1F77B4, VAL = 0xFF7F0E, AXIS = 0x333333, GRID = 0xE3E3E3;

    /** A panel: the metric's name and its training and validation series (either may be empty). */
    record Panel(String name, List<Double> train, List<Double> val) {}

    static List<Panel> panels(History h) {
        Map<String, List<Double>> all = h.history();
        List<Panel> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String k : all.keySet()) {
            String base = k.startsWith("val_") ? k.substring(4) : k;
            if (!names.contains(base)) names.add(base);
        }
        names.sort((a, b) -> a.equals("loss") ? -1 : b.equals("loss") ? 1 : a.compareTo(b));
        for (String n : names) out.add(new Panel(n, all.getOrDefault(n, List.of()), all.getOrDefault("val_" + n, List.of())));
        return out;
    }

    /** Writes the curves of {@code history} to {@code path}. */
    public static Path plot(History history, Path path) {
        List<Panel> panels = panels(history);
        if (panels.isEmpty()) throw new IllegalArgumentException("This History is empty (no epoch ran); there is nothing to plot");
        List<Integer> epochs = history.epochs();
        int cols = Math.min(3, panels.size()), rows = (panels.size() + cols - 1) / cols;
        try {
            Canvas.write(path, cols * PANEL_W, rows * PANEL_H, 2.0, c -> {
                for (int i = 0; i < panels.size(); i++) drawPanel(c, panels.get(i), epochs, (i % cols) * PANEL_W, (i / cols) * PANEL_H);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path + ": " + e.getMessage(), e);
        }
        return path;
    }

    private static void drawPanel(Canvas c, Panel p, List<Integer> epochs, double ox, double oy) {
        double x0 = ox + MARGIN_L, x1 = ox + PANEL_W - MARGIN_R, y0 = oy + PANEL_H - MARGIN_B, y1 = oy + MARGIN_T;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<Double> s : List.of(p.train(), p.val())) for (double v : s) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo == Double.POSITIVE_INFINITY) { lo = 0; hi = 1; }
        if (hi - lo < 1e-12) { double d = Math.max(Math.abs(lo) * 0.05, 0.05); lo -= d; hi += d; }
        double[] ticks = niceTicks(lo, hi);
        lo = Math.min(lo, ticks[0]);
        hi = Math.max(hi, ticks[ticks.length - 1]);
        int n = Math.max(p.train().size(), p.val().size());
        double e0 = epochs.isEmpty() ? 1 : epochs.get(0) + 1, e1 = e0 + Math.max(n - 1, 1);
        final double flo = lo, fhi = hi;
        java.util.function.DoubleUnaryOperator sx = e -> x0 + (e - e0) / (e1 - e0) * (x1 - x0);
        java.util.function.DoubleUnaryOperator sy = v -> y0 - (v - flo) / (fhi - flo) * (y0 - y1);
        for (double t : ticks) {
            double y = sy.applyAsDouble(t);
            c.line(x0, y, x1, y, GRID, 1, false);
            c.text(x0 - 6, y + 4, tickLabel(t, ticks), FONT, AXIS, Canvas.Anchor.END, false);
        }
        int step = Math.max(1, (int) Math.ceil((e1 - e0 + 1) / 8.0));
        for (double e = e0; e <= e1 + 1e-9; e += step) {
            double x = sx.applyAsDouble(e);
            c.line(x, y0, x, y0 + 4, AXIS, 1, false);
            c.text(x, y0 + 16, Long.toString(Math.round(e)), FONT, AXIS, Canvas.Anchor.MIDDLE, false);
        }
        c.rect(x0, y1, x1 - x0, y0 - y1, -1, AXIS, 1);
        c.text((x0 + x1) / 2, oy + 18, p.name(), FONT + 2, AXIS, Canvas.Anchor.MIDDLE, true);
        c.text((x0 + x1) / 2, oy + PANEL_H - 8, "epoch", FONT, AXIS, Canvas.Anchor.MIDDLE, false);
        series(c, p.train(), e0, sx, sy, TRAIN, false);
        series(c, p.val(), e0, sx, sy, VAL, true);
        // the legend goes in the right-hand corner away from where the curves end
        List<Double> tail = !p.train().isEmpty() ? p.train() : p.val();
        double last = tail.isEmpty() ? lo : tail.get(tail.size() - 1);
        int entries = (p.train().isEmpty() ? 0 : 1) + (p.val().isEmpty() ? 0 : 1);
        boolean bottom = Double.isFinite(last) && sy.applyAsDouble(last) < (y0 + y1) / 2;
        double ly = bottom ? y0 - 10 - 16 * (entries - 1) : y1 + 16;
        c.rect(x1 - 118, ly - 13, 112, 16 * entries + 4, 0xFFFFFF, GRID, 1);
        if (!p.train().isEmpty()) { legend(c, x1 - 110, ly, TRAIN, false, "train"); ly += 16; }
        if (!p.val().isEmpty()) legend(c, x1 - 110, ly, VAL, true, "validation");
    }

    private static void series(Canvas c, List<Double> s, double e0, java.util.function.DoubleUnaryOperator sx,
                               java.util.function.DoubleUnaryOperator sy, int color, boolean dashed) {
        if (s.isEmpty()) return;
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) if (Double.isFinite(s.get(i))) pts.add(new double[] {sx.applyAsDouble(e0 + i), sy.applyAsDouble(s.get(i))});
        double[] xs = pts.stream().mapToDouble(q -> q[0]).toArray(), ys = pts.stream().mapToDouble(q -> q[1]).toArray();
        c.polyline(xs, ys, color, 2, dashed);
        for (int i = 0; i < xs.length; i++) c.rect(xs[i] - 2, ys[i] - 2, 4, 4, color, -1, 0);
    }

    private static void legend(Canvas c, double x, double y, int color, boolean dashed, String label) {
        c.line(x, y - 4, x + 24, y - 4, color, 2, dashed);
        c.text(x + 30, y, label, FONT, AXIS, Canvas.Anchor.START, false);
    }

    /** About five round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
    static double[] niceTicks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        double first = Math.floor(lo / step) * step, last = Math.ceil(hi / step) * step;
        int k = (int) Math.round((last - first) / step);
        double[] t = new double[k + 1];
        for (int i = 0; i <= k; i++) t[i] = first + i * step;
        return t;
    }

    private static String tickLabel(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-4)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
    }
}
