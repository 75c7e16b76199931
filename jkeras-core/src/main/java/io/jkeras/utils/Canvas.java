package io.jkeras.utils;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The few drawing calls the pictures need, rendered either as SVG text or, through Java2D, as a
 * PNG. Text is monospaced so layout needs no font measurement: a character is
 * {@link #charWidth(double)} wide at any size, on every machine.
 */
abstract class Canvas {
    enum Anchor { START, MIDDLE, END }

    static double charWidth(double size) { return 0.6 * size; }

    static double textWidth(String s, double size) { return s.length() * charWidth(size); }

    abstract void rect(double x, double y, double w, double h, int fill, int stroke, double strokeWidth);

    abstract void line(double x1, double y1, double x2, double y2, int color, double width, boolean dashed);

    abstract void polyline(double[] xs, double[] ys, int color, double width, boolean dashed);

    abstract void polygon(double[] xs, double[] ys, int fill);

    abstract void text(double x, double y, String s, double size, int color, Anchor anchor, boolean bold);

    /** Writes a {@code width x height} picture to {@code path}: SVG for {@code .svg}, PNG (at {@code scale}) for {@code .png}. */
    static void write(Path path, double width, double height, double scale, Consumer<Canvas> draw) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        if (name.endsWith(".svg")) {
            Svg svg = new Svg(width, height);
            draw.accept(svg);
            Files.writeString(path, svg.finish(), StandardCharsets.UTF_8);
        } else if (name.endsWith(".png")) {
            BufferedImage img = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, img.getWidth(), img.getHeight());
                g.scale(scale, scale);
                draw.accept(new Java2D(g));
            } finally {
                g.dispose();
            }
            if (!ImageIO.write(img, "png", path.toFile())) throw new IOException("No PNG writer available for " + path);
        } else {
            throw new IllegalArgumentException("Cannot write a picture to " + path + ": use a file name ending in .png or .svg");
        }
    }

    static String hex(int rgb) { return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF); }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** SVG 1.1 text. */
    static final class Svg extends Canvas {
        private final StringBuilder sb = new StringBuilder();

        Svg(double w, double h) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
              .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
              .append("\" viewBox=\"0 0 ").append(num(w)).append(' ').append(num(h)).append("\" font-family=\"DejaVu Sans Mono, monospace\">\n")
              .append("<rect x=\"0\" y=\"0\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"#ffffff\"/>\n");
        }

        @Override void rect(double x, double y, double w, double h, int fill, int stroke, double sw) {
            sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
              .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill < 0 ? "none" : hex(fill))
              .append("\" stroke=\"").append(stroke < 0 ? "none" : hex(stroke)).append("\" stroke-width=\"").append(num(sw)).append("\"/>\n");
        }

        @Override void line(double x1, double y1, double x2, double y2, int color, double width, boolean dashed) {
            sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
              .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(hex(color)).append("\" stroke-width=\"").append(num(width))
              .append(dashed ? "\" stroke-dasharray=\"6,4" : "").append("\"/>\n");
        }

        @Override void polyline(double[] xs, double[] ys, int color, double width, boolean dashed) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"").append(num(width))
              .append(dashed ? "\" stroke-dasharray=\"6,4" : "").append("\" points=\"");
            for (int i = 0; i < xs.length; i++) sb.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
            sb.append("\"/>\n");
        }

        @Override void polygon(double[] xs, double[] ys, int fill) {
            sb.append("<polygon fill=\"").append(hex(fill)).append("\" points=\"");
            for (int i = 0; i < xs.length; i++) sb.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
            sb.append("\"/>\n");
        }

        @Override void text(double x, double y, String s, double size, int color, Anchor anchor, boolean bold) {
            sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(size))
              .append("\" fill=\"").append(hex(color)).append("\" text-anchor=\"")
              .append(switch (anchor) { case START -> "start"; case MIDDLE -> "middle"; case END -> "end"; })
              .append(bold ? "\" font-weight=\"bold" : "").append("\">").append(escape(s)).append("</text>\n");
        }

        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        String finish() { return sb.append("</svg>\n").toString(); }
    }

    /** Java2D, for PNG. */
    static final class Java2D extends Canvas {
        private final Graphics2D g;

        Java2D(Graphics2D g) { this.g = g; }

        private void stroke(double w, boolean dashed) {
            g.setStroke(dashed ? new BasicStroke((float) w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }

        @Override void rect(double x, double y, double w, double h, int fill, int strokeColor, double sw) {
            Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
            if (fill >= 0) { g.setColor(new Color(fill)); g.fill(r); }
            if (strokeColor >= 0) { g.setColor(new Color(strokeColor)); stroke(sw, false); g.draw(r); }
        }

        @Override void line(double x1, double y1, double x2, double y2, int color, double width, boolean dashed) {
            g.setColor(new Color(color));
            stroke(width, dashed);
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override void polyline(double[] xs, double[] ys, int color, double width, boolean dashed) {
            if (xs.length == 0) return;
            Path2D.Double p = new Path2D.Double();
            p.moveTo(xs[0], ys[0]);
            for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
            g.setColor(new Color(color));
            stroke(width, dashed);
            g.draw(p);
        }

        @Override void polygon(double[] xs, double[] ys, int fill) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(xs[0], ys[0]);
            for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
            p.closePath();
            g.setColor(new Color(fill));
            g.fill(p);
        }

        @Override void text(double x, double y, String s, double size, int color, Anchor anchor, boolean bold) {
            g.setFont(new Font(Font.MONOSPACED, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
            double w = textWidth(s, size);
            double x0 = switch (anchor) { case START -> x; case MIDDLE -> x - w / 2; case END -> x - w; };
            g.setColor(new Color(color));
            g.drawString(s, (float) x0, (float) y);
        }
    }
}
