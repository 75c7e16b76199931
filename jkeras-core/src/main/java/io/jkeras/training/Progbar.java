package io.jkeras.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar. {@code verbose=1} redraws one line per batch on a terminal;
 * {@code verbose=2} prints one line per epoch (what "auto" picks when output is not a terminal).
 */
public final class Progbar {
    private static final int BAR_WIDTH = 20;
    private final int target;
    private final int verbose;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;

    public Progbar(int target, int verbose, PrintStream out) {
        this.target = target;
        this.verbose = verbose;
        this.out = out;
    }

    /** {@code verbose="auto"}: 1 on an interactive terminal, 2 otherwise (Keras's rule). */
    public static int autoVerbose() { return System.console() != null && System.console().isTerminal() ? 1 : 2; }

    /** Shows progress after {@code current} of {@code target} steps. */
    public void update(int current, Map<String, Double> logs, boolean finalize) {
        if (verbose == 0) return;
        long now = System.nanoTime();
        if (verbose == 1) {
            if (!finalize && now - lastDraw < 50_000_000L) return;
            lastDraw = now;
            StringBuilder sb = new StringBuilder("\r");
            int w = Integer.toString(target).length();
            sb.append(String.format(Locale.ROOT, "%" + w + "d/%d ", current, target));
            int filled = target <= 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * current / target);
            sb.append("\u2501".repeat(filled));
            sb.append("\u001b[2m").append("\u2501".repeat(BAR_WIDTH - filled)).append("\u001b[0m");
            sb.append(' ').append(timeText(now, current, finalize));
            appendLogs(sb, logs);
            sb.append("\u001b[K");
            if (finalize) sb.append('\n');
            out.print(sb);
            out.flush();
        } else if (finalize) {
            StringBuilder sb = new StringBuilder();
            sb.append(current).append('/').append(target).append(" - ");
            sb.append(timeText(now, current, true).replace(" ", " - "));
            appendLogs(sb, logs);
            out.println(sb);
        }
    }

    private String timeText(long now, int current, boolean finalize) {
        double elapsed = (now - start) / 1e9;
        double perStep = current > 0 ? elapsed / current : 0;
        if (!finalize && current < target) {
            return "\u001b[1m" + formatSeconds(perStep * (target - current)) + "\u001b[0m" + " " + formatPerStep(perStep);
        }
        return formatSeconds(elapsed) + " " + formatPerStep(perStep);
    }

    private static String formatSeconds(double s) {
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", (long) s / 3600, ((long) s % 3600) / 60, (long) s % 60);
        if (s >= 60) return String.format(Locale.ROOT, "%d:%02d", (long) s / 60, (long) s % 60);
        return String.format(Locale.ROOT, "%ds", Math.round(s));
    }

    private static String formatPerStep(double perStep) {
        if (perStep >= 1) return String.format(Locale.ROOT, "%ds/step", Math.round(perStep));
        if (perStep >= 1e-3) return String.format(Locale.ROOT, "%dms/step", Math.round(perStep * 1e3));
        return String.format(Locale.ROOT, "%dus/step", Math.round(perStep * 1e6));
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            sb.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue()));
        }
    }

    /** Keras prints 4 decimals, or scientific notation for tiny values. */
    static String formatValue(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
