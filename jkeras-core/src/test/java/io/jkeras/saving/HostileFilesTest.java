package io.jkeras.saving;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.tensor.Shape;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Truncated, corrupted and hostile files are refused with one clear line, never a hang or an out-of-memory. */
class HostileFilesTest {
    @TempDir Path dir;
    private Map<String, byte[]> good;

    @BeforeEach void saveAGoodModel() throws IOException {
        Layer.clearSession();
        KerasTensor in = Input.of("pixels", 6);
        KerasTensor h = new Dense(5, "relu").name("hidden").apply(in);
        KerasTensor out = new Dense(3, "softmax").name("probs").apply(h);
        Path file = dir.resolve("good.keras");
        Models.save(new Model(List.of(in), List.of(out), "mlp"), file);
        good = KerasZips.entries(file);
        assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"), List.copyOf(good.keySet()));
    }

    private ModelFormatException refused(Path file) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load(file));
        assertFalse(e.getMessage().contains("\n"), "message must be one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.getFileName().toString()), "message must name the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> config() { return Json.parseObject(KerasZips.text(good, "config.json")); }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layerConfig(Map<String, Object> top, String name) {
        for (Object o : (List<Object>) ((Map<String, Object>) top.get("config")).get("layers")) {
            Map<String, Object> e = (Map<String, Object>) o;
            if (name.equals(e.get("name"))) return e;
        }
        throw new AssertionError("no layer " + name);
    }

    private Path withConfig(String fileName, Map<String, Object> top) throws IOException {
        return KerasZips.write(dir, fileName, KerasZips.withText(good, "config.json", Json.write(top)), false);
    }

    // ------------------------------------------------------------------ zip level

    @Test void notAModelFileAtAll() throws IOException {
        assertMentions(refused(Files.writeString(dir.resolve("x.keras"), "hello, I am text")), "not a model file");
        assertMentions(refused(Files.write(dir.resolve("empty.keras"), new byte[0])), "empty");
    }

    @Test void truncatedZipsAreRefused() throws IOException {
        byte[] zip = KerasZips.zip(good, false);
        for (int len : new int[] {4, 30, 100, zip.length / 3, zip.length / 2, zip.length - 30, zip.length - 1}) {
            Path f = Files.write(dir.resolve("trunc" + len + ".keras"), Arrays.copyOf(zip, len));
            refused(f);
        }
    }

    @Test void pathTraversalAndAbsoluteNamesAreRefused() throws IOException {
        for (String evil : List.of("../evil", "assets/../../evil", "/etc/evil", "C:\\evil", "a\\..\\b")) {
            Path f = KerasZips.write(dir, "evil.keras", KerasZips.with(good, evil, new byte[] {1}), false);
            assertMentions(refused(f), "unsafe entry name");
        }
    }

    @Test void unexpectedAndDuplicateEntriesAreRefused() throws IOException {
        assertMentions(refused(KerasZips.write(dir, "extra.keras", KerasZips.with(good, "run_me.py", new byte[] {1}), false)),
                "unexpected entry 'run_me.py'");
        // two entries named config.json: the second is written as config.jsoX, then renamed in place
        byte[] zip = KerasZips.zip(KerasZips.withText(good, "config.jsoX", "{}"), false);
        Path dup = Files.write(dir.resolve("dup.keras"), KerasZips.patch(zip, "config.jsoX", "config.json"));
        assertMentions(refused(dup), "two entries named 'config.json'");
        Map<String, byte[]> noConfig = new java.util.LinkedHashMap<>(good);
        noConfig.remove("config.json");
        assertMentions(refused(KerasZips.write(dir, "noconfig.keras", noConfig, false)), "no config.json");
    }

    @Test void headersThatLieAboutSizesAreNotTrusted() throws IOException {
        byte[] zip = KerasZips.zip(good, false);
        Path big = Files.write(dir.resolve("big.keras"), KerasZips.patchCentralSize(zip, "model.weights.h5", 0x7FFFFFF0));
        refused(big);
        Path small = Files.write(dir.resolve("small.keras"), KerasZips.patchCentralSize(zip, "config.json", 10));
        refused(small);
        SavingLimits tight = SavingLimits.DEFAULT.withMaxWeightsBytes(1000);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load(dir.resolve("big.keras"), tight));
        assertMentions(e, "declares", "allowed");
    }

    @Test void zipBombsAreRefusedAfterReadingLittle() throws IOException {
        // 40 MB of spaces around a valid config: deflate stores it in ~40 kB
        String cfg = KerasZips.text(good, "config.json");
        String bomb = cfg.substring(0, cfg.length() - 1) + " ".repeat(40 << 20) + "}";
        Path f = KerasZips.write(dir, "bomb.keras", KerasZips.withText(good, "config.json", bomb), true);
        assertTrue(Files.size(f) < 1 << 20);
        assertMentions(refused(f), "zip bomb");
    }

    @Test void weightsBeyondTheInMemoryLimitGoToAPrivateTempDirThatIsDeleted() throws IOException {
        Path f = KerasZips.write(dir, "ok.keras", good, false);
        SavingLimits onDisk = SavingLimits.DEFAULT.withInMemoryWeightsBytes(0);
        Path temp;
        try (KerasArchive a = KerasArchive.read(f, onDisk)) {
            assertTrue(a.weightsOnDisk());
            temp = a.tempDir();
            assertTrue(Files.isDirectory(temp));
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)));
            }
        }
        assertFalse(Files.exists(temp), "temporary directory must be deleted");
        Model m = Models.load(f, onDisk);
        assertEquals(6 * 5 + 5 + 5 * 3 + 3, m.countParams());
    }

    // ------------------------------------------------------------------ config level

    @Test void lambdaLayersAreRefusedWithoutRunningAnything() throws IOException {
        Map<String, Object> top = config();
        Map<String, Object> hidden = layerConfig(top, "hidden");
        hidden.put("class_name", "Lambda");
        hidden.put("config", Map.of("name", "hidden", "function", Map.of("class_name", "__lambda__", "config", Map.of("code", "4wEAAAAAAAAA..."))));
        ModelFormatException e = refused(withConfig("lambda.keras", top));
        assertMentions(e, "config.json", "Lambda", "never runs code", "SavingRegistry.register(\"Lambda\"");
    }

    @Test void unknownClassesAreRefusedWithHowToRegister() throws IOException {
        Map<String, Object> top = config();
        layerConfig(top, "hidden").put("class_name", "MyFancyLayer");
        ModelFormatException e = refused(withConfig("unknown.keras", top));
        assertMentions(e, "'MyFancyLayer'", "\"hidden\"", "not registered", "SavingRegistry.register(\"MyFancyLayer\"");
        Map<String, Object> top2 = config();
        Map<String, Object> c = (Map<String, Object>) layerConfig(top2, "hidden").get("config");
        c.put("kernel_initializer", Map.of("class_name", "SomeInit", "config", Map.of()));
        assertMentions(refused(withConfig("init.keras", top2)), "Initializer class 'SomeInit' is not registered", "registerInitializer");
    }

    @Test void weightShapeMismatchNamesLayerAndBothShapes() throws IOException {
        Map<String, Object> top = config();
        ((Map<String, Object>) layerConfig(top, "hidden").get("config")).put("units", 7);
        ModelFormatException e = refused(withConfig("mismatch.keras", top));
        assertMentions(e, "\"hidden\"", "kernel", Shape.of(6, 7).toString(), Shape.of(6, 5).toString());
    }

    @Test void aConfigCannotAllocateMoreThanItsWeightsFileHolds() throws IOException {
        Map<String, Object> top = config();
        ((Map<String, Object>) layerConfig(top, "hidden").get("config")).put("units", 200_000_000);
        ModelFormatException e = refused(withConfig("huge.keras", top));
        assertMentions(e, "hidden/kernel", "more than the model file holds");
    }

    @Test void brokenJsonAndBrokenGraphsAreRefused() throws IOException {
        assertMentions(refused(KerasZips.write(dir, "json.keras", KerasZips.withText(good, "config.json", "{\"class_name\": \"Functional\", "), false)),
                "config.json", "Invalid JSON");
        assertMentions(refused(KerasZips.write(dir, "deep.keras", KerasZips.withText(good, "config.json", "[".repeat(100_000)), false)),
                "nesting deeper");
        Map<String, Object> top = config();
        Map<String, Object> probs = layerConfig(top, "probs");
        probs.put("inbound_nodes", List.of(Map.of("args", List.of(Map.of("class_name", "__keras_tensor__",
                "config", Map.of("keras_history", List.of("nowhere", 0, 0)))), "kwargs", Map.of())));
        assertMentions(refused(withConfig("graph.keras", top)), "\"probs\"", "\"nowhere\"");
        Map<String, Object> top2 = config();
        top2.put("class_name", "Dense");
        top2.put("registered_name", null);
        assertMentions(refused(withConfig("notmodel.keras", top2)), "config.json");
    }

    // ------------------------------------------------------------------ HDF5 level

    @Test void corruptedWeightsAreRefused() throws IOException {
        byte[] h5 = good.get("model.weights.h5");
        for (int len : new int[] {0, 7, 8, 100, h5.length / 2, h5.length - 1}) {
            refused(KerasZips.write(dir, "h5trunc.keras", KerasZips.with(good, "model.weights.h5", Arrays.copyOf(h5, len)), false));
        }
        byte[] flipped = h5.clone();
        for (int i = 8; i < 64; i++) flipped[i] ^= (byte) 0xA5;       // the superblock
        assertMentions(refused(KerasZips.write(dir, "h5flip.keras", KerasZips.with(good, "model.weights.h5", flipped), false)), "model.weights.h5");
        // a changed weights file inside an intact zip (CRC mismatch) is refused by the zip check
        byte[] zip = KerasZips.zip(good, false);
        int at = indexOf(zip, "OHDR".getBytes(StandardCharsets.US_ASCII));
        zip[at + 2] ^= 1;
        assertMentions(refused(Files.write(dir.resolve("crc.keras"), zip)), "CRC");
    }

    @Test void missingWeightsForALayerAreRefused() throws IOException {
        Map<String, Object> top = config();
        ((Map<String, Object>) layerConfig(top, "probs").get("config")).put("use_bias", false);
        assertMentions(refused(withConfig("nobias.keras", top)), "\"probs\"", "expects 1 weight(s)", "the file has 2");
    }

    private static int indexOf(byte[] b, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= b.length; i++) {
            for (int j = 0; j < pat.length; j++) if (b[i + j] != pat[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
