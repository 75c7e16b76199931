package io.jkeras.utils;

import io.jkeras.callbacks.History;
import io.jkeras.layers.Add;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** plotModel and History.plot: the drawn structure, and SVG / PNG files that parse. */
class PicturesTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** input -> a, input -> b, add(a, b) -> out */
    static Model branching() {
        KerasTensor in = Input.of("x", 4);
        KerasTensor a = new Dense(3, "relu").name("a").apply(in);
        KerasTensor b = new Dense(3).name("b").apply(in);
        KerasTensor s = new Add().name("sum").apply(a, b);
        return new Model(List.of(in), List.of(new Dense(1, "sigmoid").name("out").apply(s)), "branchy");
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void modelBoxesFollowTheGraph() {
        List<PlotModel.Box> boxes = PlotModel.boxes(branching(), new PlotModel.Options().showShapes(true).showLayerActivations(true));
        assertEquals(5, boxes.size());
        assertEquals(List.of("x (InputLayer)", "Output shape: (None, 4)"), boxes.get(0).lines());
        assertEquals(List.of("a (Dense)", "Input shape: (None, 4)", "Output shape: (None, 3)", "Activation: relu"), boxes.get(1).lines());
        assertEquals(List.of(0, 1, 1, 2, 3), boxes.stream().map(PlotModel.Box::level).toList());
        assertEquals(List.of(1, 2), boxes.get(3).parents());
        assertEquals("Input shape: [(None, 3), (None, 3)]", boxes.get(3).lines().get(1));
        // the two branches sit side by side in one row
        PlotModel.Layout lay = PlotModel.layout(boxes, new PlotModel.Options());
        assertEquals(lay.y[1], lay.y[2]);
        assertTrue(lay.x[2] >= lay.x[1] + lay.w[1], "no overlap");
        assertTrue(lay.y[3] > lay.y[1] + lay.h[1]);
    }

    @Test
    void modelSvgAndPng() throws Exception {
        Model m = branching();
        Path svg = PlotModel.plotModel(m, dir.resolve("model.svg"), new PlotModel.Options().showShapes(true));
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.trim().endsWith("</svg>"));
        for (String name : List.of("x (InputLayer)", "a (Dense)", "b (Dense)", "sum (Add)", "out (Dense)")) assertTrue(text.contains(">" + name + "<"), name);
        assertEquals(5 + 1, count(text, "<rect "));          // 5 boxes + the background
        assertEquals(5, count(text, "<polygon "));           // 5 arrows: x->a, x->b, a->sum, b->sum, sum->out
        Path png = PlotModel.plotModel(m, dir.resolve("model.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() > 100 && img.getHeight() > 200, img.getWidth() + "x" + img.getHeight());
        assertTrue(hasInk(img));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlotModel.plotModel(m, dir.resolve("model.pdf")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        // left to right is wider than tall
        Path lr = PlotModel.plotModel(m, dir.resolve("lr.png"), new PlotModel.Options().rankdir("LR"));
        BufferedImage l = ImageIO.read(lr.toFile());
        assertTrue(l.getWidth() > l.getHeight());
    }

    static boolean hasInk(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) return true;
        return false;
    }

    static History history() {
        History h = new History();
        double[][] v = {{1.0, 0.6, 0.4, 0.3}, {1.1, 0.7, 0.55, 0.5}, {0.5, 0.7, 0.8, 0.85}};
        for (int e = 0; e < 4; e++) h.onEpochEnd(e, new java.util.TreeMap<>(Map.of("loss", v[0][e], "val_loss", v[1][e], "accuracy", v[2][e])));
        return h;
    }

    @Test
    void historyPanelsPairTrainingAndValidation() {
        List<HistoryPlot.Panel> p = HistoryPlot.panels(history());
        assertEquals(List.of("loss", "accuracy"), p.stream().map(HistoryPlot.Panel::name).toList());
        assertEquals(List.of(1.1, 0.7, 0.55, 0.5), p.get(0).val());
        assertEquals(List.of(), p.get(1).val());
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0, 1.2}, HistoryPlot.niceTicks(0.3, 1.1), 1e-12);
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, HistoryPlot.niceTicks(3, 97), 1e-12);
    }

    @Test
    void historySvgAndPng() throws Exception {
        History h = history();
        String svg = Files.readString(h.plot(dir.resolve("h.svg")));
        assertEquals(3, count(svg, "<polyline "));           // loss, val_loss, accuracy
        assertEquals(1, count(svg, "stroke-dasharray=\"6,4\" points"));   // the validation curve is dashed
        assertTrue(svg.contains(">loss<") && svg.contains(">accuracy<") && svg.contains(">validation<"));
        BufferedImage img = ImageIO.read(h.plot(dir.resolve("h.png")).toFile());
        assertEquals(2 * 2 * (int) HistoryPlot.PANEL_W, img.getWidth());
        assertTrue(hasInk(img));
        assertThrows(IllegalArgumentException.class, () -> new History().plot(dir.resolve("empty.png")));
    }
}
