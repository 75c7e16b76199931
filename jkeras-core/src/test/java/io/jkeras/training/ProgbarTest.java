package io.jkeras.training;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class ProgbarTest {
    private static String run(int verbose, boolean finalize) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progbar bar = new Progbar(469, verbose, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Map<String, Double> logs = new TreeMap<>(Map.of("loss", 0.43117, "accuracy", 0.87659));
        bar.update(469, logs, finalize);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test void oneLinePerEpochWhenNotATerminal() {
        String line = run(2, true);
        assertTrue(line.matches("469/469 - \\d+s - \\d+(us|ms|s)/step - accuracy: 0\\.8766 - loss: 0\\.4312\\R"), line);
        assertEquals("", run(2, false), "verbose 2 prints nothing until the epoch ends");
        assertEquals("", run(0, true), "verbose 0 prints nothing");
    }

    @Test void terminalBarIsFullAtTheEnd() {
        String line = run(1, true).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
        assertTrue(line.startsWith("\r469/469 " + "\u2501".repeat(20) + " "), line);
        assertTrue(line.endsWith(" - accuracy: 0.8766 - loss: 0.4312\n"), line);
    }

    @Test void tinyValuesUseScientificNotation() {
        assertEquals("1.2346e-05", Progbar.formatValue(1.23456e-5));
        assertEquals("0.0000", Progbar.formatValue(0));
    }
}
