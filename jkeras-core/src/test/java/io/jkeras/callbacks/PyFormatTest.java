package io.jkeras.callbacks;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyFormat against CPython 3's {@code format(value, spec)}: every expected string below was printed by CPython. */
class PyFormatTest {
    record Case(Object value, String spec, String expected) {}

    static Case c(Object v, String spec, String expected) { return new Case(v, spec, expected); }

    static final List<Case> CPYTHON = List.of(
            c(1, "02d", "01"),
            c(12, "03d", "012"),
            c(5, "", "5"),
            c(5, ">4", "   5"),
            c(-7, "+05d", "-0007"),
            c(255, "x", "ff"),
            c(255, "#X", "0XFF"),
            c(1234567, ",", "1,234,567"),
            c(1234567, "_d", "1_234_567"),
            c(0.123456789d, ".2f", "0.12"),
            c(0.125d, ".2f", "0.12"),
            c(0.375d, ".2f", "0.38"),
            c(2.675d, ".2f", "2.67"),
            c(1e-05d, "", "1e-05"),
            c(0.1d, "", "0.1"),
            c(1.0d, "", "1.0"),
            c(1.2345678901234568e+17d, "", "1.2345678901234568e+17"),
            c(1e+16d, "", "1e+16"),
            c(1234.5d, "", "1234.5"),
            c(0.0001d, "", "0.0001"),
            c(0.00012345d, "", "0.00012345"),
            c(1.5e-07d, ".3e", "1.500e-07"),
            c(12345.678d, ".2e", "1.23e+04"),
            c(0.0d, ".4e", "0.0000e+00"),
            c(-0.0d, ".2f", "-0.00"),
            c(0.5d, ".0f", "0"),
            c(1.5d, ".0f", "2"),
            c(2.5d, ".0f", "2"),
            c(0.000123456d, "g", "0.000123456"),
            c(123456789.0d, "g", "1.23457e+08"),
            c(100000.0d, "g", "100000"),
            c(1000000.0d, "g", "1e+06"),
            c(0.0001d, "g", "0.0001"),
            c(1e-05d, "g", "1e-05"),
            c(1.0d, "g", "1"),
            c(1.23456789d, ".3g", "1.23"),
            c(1.0d, "#.3g", "1.00"),
            c(123.0d, ".3", "1.23e+02"),
            c(12.0d, ".3", "12.0"),
            c(1e+20d, ".3", "1e+20"),
            c(0.5d, ".1", "0.5"),
            c(0.25d, "%", "25.000000%"),
            c(0.123d, ".1%", "12.3%"),
            c(Double.NaN, ".2f", "nan"),
            c(Double.POSITIVE_INFINITY, "F", "INF"),
            c(Double.NEGATIVE_INFINITY, "08.2f", "-0000inf"),
            c(3.14159d, "10.3f", "     3.142"),
            c(3.14159d, "<10.3f", "3.142     "),
            c(3.14159d, "^10.3f", "  3.142   "),
            c(3.14159d, "*^11.2f", "***3.14****"),
            c(-3.14159d, "=+10.2f", "-     3.14"),
            c(-3.14159d, "010.2f", "-000003.14"),
            c(1234567.891d, ",.2f", "1,234,567.89"),
            c(0.30000000000000004d, "", "0.30000000000000004"),
            c(5e-324d, "", "5e-324"),
            c(1.7976931348623157e+308d, "", "1.7976931348623157e+308"),
            c(2, ".2f", "2.00"),
            c(3, "e", "3.000000e+00"),
            c(0.1d, ".17f", "0.10000000000000001"),
            c(1e+22d, "f", "10000000000000000000000.000000"),
            c(123.456d, "E", "1.234560E+02"),
            c(1e-10d, "G", "1E-10"),
            c("abc", ">6", "   abc"),
            c("abcdef", ".3", "abc"));

    @Test
    void formatSpecsMatchCPython() {
        for (Case k : CPYTHON) assertEquals(k.expected, PyFormat.formatValue(k.value, k.spec), k.value + " with '" + k.spec + "'");
    }

    @Test
    void kerasCheckpointTemplates() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("epoch", 3);
        v.put("val_loss", 0.41666666666666663);
        v.put("accuracy", 0.875);
        assertEquals("model-03-0.42.keras", PyFormat.format("model-{epoch:02d}-{val_loss:.2f}.keras", v));
        assertEquals("ckpt/e3_acc0.8750.weights.h5", PyFormat.format("ckpt/e{epoch}_acc{accuracy:.4f}.weights.h5", v));
        assertEquals("{literal}-3.keras", PyFormat.format("{{literal}}-{epoch}.keras", v));
        assertEquals("loss=0.41666666666666663", PyFormat.format("loss={val_loss}", v));
    }

    @Test
    void errorsNameTheProblem() {
        Map<String, Object> v = Map.of("epoch", 1, "loss", 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-{val_loss:.2f}.keras", v));
        assertTrue(e.getMessage().contains("'val_loss'") && e.getMessage().contains("epoch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-{loss:02d}.keras", v));
        assertTrue(e.getMessage().contains("Unknown format code 'd' for object of type 'float'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-{epoch.keras", v));
        assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-}.keras", v));
        assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-{}.keras", v));
        assertThrows(IllegalArgumentException.class, () -> PyFormat.format("m-{epoch:.2d}.keras", v));
    }
}
