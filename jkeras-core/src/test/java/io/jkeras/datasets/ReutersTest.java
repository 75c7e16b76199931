package io.jkeras.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The restricted pickle reader on .npy files NumPy 2.4.6 wrote, and on hostile pickles; and the
 * Reuters loader on a small synthetic reuters-like npz, against what Keras's load_data gives.
 *
 * <p>How the constants were produced (Python 3.11, NumPy 2.4.6, once, never at test time):
 * <ul>
 *   <li>{@link #P4}: {@code a = np.empty(2, dtype=object); a[0] = [1, 2, 3]; a[1] = [4, 5];
 *       np.lib.format.write_array(buf, a, allow_pickle=True)} (pickle protocol 4, FRAME, MEMOIZE, STACK_GLOBAL).</li>
 *   <li>{@link #PY2_FROM_PY3}: the same header followed by {@code pickle.dumps(a, protocol=2)} of
 *       {@code a = [[-1, 300, 70000, 2**40], []]} (object array); Python 3 writes the typecode
 *       {@code b'b'} as {@code _codecs.encode('b', 'latin1')}, a global Keras's file does not use.</li>
 *   <li>{@link #PY2}: that stream with the {@code _codecs.encode} call replaced by
 *       {@code SHORT_BINSTRING 'b'}, as Python 2 writes it (GLOBAL, BINPUT, BININT, BININT2, LONG1);
 *       {@code pickle.loads(..., encoding='latin1')} gives the same array back.</li>
 *   <li>{@link #NPZ}: {@code rng = np.random.RandomState(0); xs = [list(map(int, rng.randint(1, 21,
 *       size=rng.randint(1, 10)))) for _ in range(12)]; ys = rng.randint(0, 46, size=12).astype(np.int64);
 *       np.savez(buf, x=<object array of xs>, y=ys)}. The expected splits below come from running
 *       Keras 3's {@code reuters.load_data} body (RandomState shuffle, start_char/index_from, remove_long_seq,
 *       num_words/skip_top/oov_char, split) on those arrays.</li>
 * </ul>
 */
class ReutersTest {
    @TempDir Path dir;

    static final String P4 = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c202773686170"
            + "65273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020"
            + "20202020202020202020202020202020200a8004959c000000000000008c166e756d70792e5f636f72652e6d756c74696172726179948c"
            + "0c5f7265636f6e7374727563749493948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b028594"
            + "68038c0564747970659493948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d94285d9428"
            + "4b014b024b03655d94284b044b0565657494622e";

    static final String PY2 = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c202773686170"
            + "65273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020"
            + "20202020202020202020202020202020200a8002636e756d70792e5f636f72652e6d756c746961727261790a5f7265636f6e7374727563"
            + "740a7100636e756d70790a6e6461727261790a71014b008571025501627107877108527109284b014b0285710a636e756d70790a647479"
            + "70650a710b58020000004f38710c898887710d52710e284b0358010000007c710f4e4e4e4affffffff4affffffff4b3f74711062895d71"
            + "11285d7112284affffffff4d2c014a701101008a06000000000001655d711365747114622e";

    static final String NPZ = "UEsDBC0AAAAAAAAAIQBKYlOn//////////8FABQAeC5ucHkBABAAsQEAAAAAAACxAQAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJ3xPJywgJ2"
            + "ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "ICAgICAgICAgICAgICAgICAKgASVJgEAAAAAAACMFm51bXB5Ll9jb3JlLm11bHRpYXJyYXmUjAxfcmVjb25zdHJ1Y3SUk5SMBW51bXB5lIwHbm"
            + "RhcnJheZSTlEsAhZRDAWKUh5RSlChLAUsMhZRoA4wFZHR5cGWUk5SMAk84lImIh5RSlChLA4wBfJROTk5K/////0r/////Sz90lGKJXZQoXZQo"
            + "SwFLBEsESwhLCksUZV2UKEsTSwVLB0sNSwJLB2VdlChLD0sSSwZLDksJSwpLFEsRZV2UKEsGSxBLEEsBZV2UKEsESxJLFGVdlChLFEsPSwhLAW"
            + "VdlChLCksBZV2UKEsESwxLE0sDSwFlXZRLBWFdlChLBksHSwlLEksQSwVlXZQoSwJLAksISwpLBEsHSwxLD0sTZV2USw9hZXSUYi5QSwMELQAA"
            + "AAAAAAAhADXhztj//////////wUAFAB5Lm5weQEAEADgAAAAAAAAAOAAAAAAAAAAk05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW"
            + "5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "ICAgICAgICAgIAojAAAAAAAAAAwAAAAAAAAAKgAAAAAAAAAUAAAAAAAAAAsAAAAAAAAABAAAAAAAAAAGAAAAAAAAAAQAAAAAAAAAAwAAAAAAAA"
            + "AMAAAAAAAAACQAAAAAAAAAKAAAAAAAAABQSwECLQMtAAAAAAAAACEASmJTp7EBAACxAQAABQAAAAAAAAAAAAAAgAEAAAAAeC5ucHlQSwECLQMt"
            + "AAAAAAAAACEANeHO2OAAAADgAAAABQAAAAAAAAAAAAAAgAHoAQAAeS5ucHlQSwUGAAAAAAIAAgBmAAAA/wIAAAAA";

    /** The rows of {@link #NPZ}: x[i] and y[i] as NumPy printed them. */
    static final int[][] X = {{1, 4, 4, 8, 10, 20}, {19, 5, 7, 13, 2, 7}, {15, 18, 6, 14, 9, 10, 20, 17}, {6, 16, 16, 1}, {4, 18, 20},
            {20, 15, 8, 1}, {10, 1}, {4, 12, 19, 3, 1}, {5}, {6, 7, 9, 18, 16, 5}, {2, 2, 8, 10, 4, 7, 12, 15, 19}, {15}};
    static final int[] Y = {35, 12, 42, 20, 11, 4, 6, 4, 3, 12, 36, 40};

    static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    static int dataStart(byte[] npy) throws IOException { return Npz.header(npy, "test").dataStart(); }

    static RestrictedPickle.NdArray read(byte[] npy) throws IOException {
        return RestrictedPickle.readArray(npy, dataStart(npy), "test.npy", 1 << 20);
    }

    /** A pickle body after a fake .npy prefix of no header: reads from offset 0. */
    static IOException refused(byte[] pickle, long maxValues) {
        return assertThrows(IOException.class, () -> RestrictedPickle.readArray(pickle, 0, "evil.npy", maxValues));
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof Integer i) out.write(i);
            else out.writeBytes((byte[]) p);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the restricted reader

    @Test
    void readsNumpysProtocol4ObjectArray() throws IOException {
        RestrictedPickle.NdArray a = read(hex(P4));
        assertArrayEquals(new int[] {2}, a.shape());
        assertEquals("O", a.dtype());
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L)), a.elements());
    }

    @Test
    void readsPython2StyleProtocol2WithEitherNumpyModuleName() throws IOException {
        byte[] py2 = hex(PY2);
        List<Object> want = List.of(List.of(-1L, 300L, 70000L, 1L << 40), List.of());
        assertEquals(want, read(py2).elements());
        // NumPy < 2 names the module numpy.core.multiarray; GLOBAL operands have no length prefix, so the text can be swapped
        String s = new String(py2, StandardCharsets.ISO_8859_1).replace("numpy._core.multiarray", "numpy.core.multiarray");
        RestrictedPickle.NdArray old = read(s.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(want, old.elements());
    }

    @Test
    void refusesPython3Protocol2BecauseOfCodecsEncode() {
        byte[] py2 = hex(PY2);
        // rebuild the stream Python 3 wrote: the typecode as _codecs.encode('b', 'latin1')
        String s = new String(py2, StandardCharsets.ISO_8859_1);
        String py3 = s.replace("U\u0001bq\u0007", "c_codecs\nencode\nq\u0003X\u0001\u0000\u0000\u0000bq\u0004X\u0006\u0000\u0000\u0000latin1q\u0005\u0086q\u0006Rq\u0007");
        assertNotEquals(s, py3);
        IOException e = assertThrows(IOException.class, () -> read(py3.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("'_codecs.encode'") && e.getMessage().contains("never runs code"), e.getMessage());
    }

    @Test
    void refusesOsSystem() {
        // cos\nsystem\n X'echo pwned' TUPLE1 REDUCE STOP: what pickle.dumps of a __reduce__ gadget looks like
        byte[] evil = bytes(0x80, 2, "cos\nsystem\n", "X", new byte[] {10, 0, 0, 0}, "echo pwned", 0x85, "R.");
        IOException e = refused(evil, 1000);
        assertTrue(e.getMessage().contains("'os.system'") && e.getMessage().contains("byte 2"), e.getMessage());
        // the same through STACK_GLOBAL (protocol 4)
        byte[] evil4 = bytes(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, 0x8c, 2, "ls", 0x85, "R.");
        assertTrue(refused(evil4, 1000).getMessage().contains("'os.system'"));
        // builtins.eval, and a global whose name is the right one in the wrong module
        assertTrue(refused(bytes(0x80, 2, "cbuiltins\neval\n."), 1000).getMessage().contains("'builtins.eval'"));
        assertTrue(refused(bytes(0x80, 2, "cevil\nndarray\n."), 1000).getMessage().contains("'evil.ndarray'"));
    }

    @Test
    void refusesOpcodesOutsideTheSet() {
        IOException dict = refused(bytes(0x80, 2, "}."), 1000);
        assertTrue(dict.getMessage().contains("EMPTY_DICT") && dict.getMessage().contains("refusing"), dict.getMessage());
        assertTrue(refused(bytes(0x80, 4, 0x81), 1000).getMessage().contains("NEWOBJ"));
        assertTrue(refused(bytes(0x80, 1, "."), 1000).getMessage().contains("protocol 1"));
        // calling numpy.ndarray directly (not through _reconstruct) is refused too
        IOException call = refused(bytes(0x80, 2, "cnumpy\nndarray\n", "K", 1, 0x85, "R."), 1000);
        assertTrue(call.getMessage().contains("only numpy.core.multiarray._reconstruct and numpy.dtype may be called"), call.getMessage());
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        byte[] marks = new byte[100_002];
        marks[0] = (byte) 0x80; marks[1] = 2;
        Arrays.fill(marks, 2, marks.length, (byte) '(');
        assertTrue(refused(marks, 1 << 20).getMessage().contains("nests MARKs deeper than 32"));
        // a million nested 1-tuples: built without recursion, then refused as not an array
        byte[] tuples = new byte[1_000_005];
        tuples[0] = (byte) 0x80; tuples[1] = 2; tuples[2] = 'K'; tuples[3] = 0;
        Arrays.fill(tuples, 4, tuples.length - 1, (byte) 0x85);
        tuples[tuples.length - 1] = '.';
        IOException e = refused(tuples, 10_000_000);
        assertTrue(e.getMessage().contains("holds a tuple of 1, not a NumPy array"), e.getMessage());
        // half a million lists, each appended into the one pushed before it: a chain nested 500,000 deep,
        // built and refused without a StackOverflowError
        int n = 500_000;
        byte[] lists = new byte[2 + n + (n - 1) + 1];
        lists[0] = (byte) 0x80; lists[1] = 2;
        Arrays.fill(lists, 2, 2 + n, (byte) ']');
        Arrays.fill(lists, 2 + n, lists.length - 1, (byte) 'a');
        lists[lists.length - 1] = '.';
        IOException l = refused(lists, 10_000_000);
        assertTrue(l.getMessage().contains("holds a list of 1, not a NumPy array"), l.getMessage());
    }

    @Test
    void refusesHugeDeclaredLengthsAndTooManyValues() {
        IOException str = refused(bytes(0x80, 4, "X", new byte[] {-1, -1, -1, 0x7f}, "abc"), 1000);
        assertTrue(str.getMessage().contains("declares a string of 2147483647 bytes but only 3 remain"), str.getMessage());
        IOException frame = refused(bytes(0x80, 4, 0x95, new byte[] {0, 0, 0, 0, 0, 0, 0, 0x40}, "."), 1000);
        assertTrue(frame.getMessage().contains("declares a frame of"), frame.getMessage());
        IOException big = refused(bytes(0x80, 2, 0x8a, 9, new byte[9], "."), 1000);
        assertTrue(big.getMessage().contains("integer of 9 bytes"), big.getMessage());
        // a real file read with a budget of 5 values
        IOException many = assertThrows(IOException.class, () -> { byte[] b = hex(P4); RestrictedPickle.readArray(b, dataStart(b), "p4", 5); });
        assertTrue(many.getMessage().contains("creates more than 5 values"), many.getMessage());
    }

    @Test
    void refusesTruncation() throws IOException {
        byte[] full = hex(P4);
        int start = dataStart(full);
        for (int cut : new int[] {start, start + 1, start + 40, full.length - 1}) {
            byte[] part = Arrays.copyOf(full, cut);
            IOException e = assertThrows(IOException.class, () -> RestrictedPickle.readArray(part, start, "cut.npy", 1 << 20), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the Reuters loader

    Path npz() throws IOException {
        Path f = dir.resolve("reuters.npz");
        Files.write(f, Base64.getDecoder().decode(NPZ));
        return f;
    }

    static List<int[]> rows(int[]... r) { return List.of(r); }

    static void assertSplit(List<int[]> xTr, int[] yTr, List<int[]> xTe, int[] yTe, Reuters.Data d) {
        assertEquals(xTr.size(), d.xTrain().size());
        for (int i = 0; i < xTr.size(); i++) assertArrayEquals(xTr.get(i), d.xTrain().get(i), "xTrain[" + i + "]");
        assertArrayEquals(yTr, d.yTrain().toIntArray());
        assertEquals(xTe.size(), d.xTest().size());
        for (int i = 0; i < xTe.size(); i++) assertArrayEquals(xTe.get(i), d.xTest().get(i), "xTest[" + i + "]");
        assertArrayEquals(yTe, d.yTest().toIntArray());
    }

    @Test
    void readsTheRawArrays() throws IOException {
        Reuters.Raw raw = Reuters.read(npz());
        assertEquals(X.length, raw.x().size());
        for (int i = 0; i < X.length; i++) assertArrayEquals(X[i], raw.x().get(i));
        assertArrayEquals(Y, raw.y());
        // np.random.RandomState(113).shuffle(np.arange(12))
        assertArrayEquals(new int[] {4, 3, 9, 8, 1, 0, 11, 7, 6, 10, 2, 5}, new NumpyRandom(113).permutation(12));
    }

    @Test
    void defaultsMatchKeras() throws IOException {
        Reuters.Data d = Reuters.loadData(npz(), null, 0, null, 0.2, 113, 1, 2, 3);
        assertSplit(rows(new int[] {1, 7, 21, 2}, new int[] {1, 9, 19, 19, 4}, new int[] {1, 9, 10, 12, 21, 19, 8}, new int[] {1, 8},
                        new int[] {1, 22, 8, 10, 16, 5, 10}, new int[] {1, 4, 7, 7, 11, 13, 2}, new int[] {1, 18}, new int[] {1, 7, 15, 22, 6, 4},
                        new int[] {1, 13, 4}),
                new int[] {11, 20, 12, 3, 12, 35, 40, 4, 6},
                rows(new int[] {1, 5, 5, 11, 13, 7, 10, 15, 18, 22}, new int[] {1, 18, 21, 9, 17, 12, 13, 2, 20}, new int[] {1, 2, 18, 11, 4}),
                new int[] {36, 42, 4}, d);
    }

    @Test
    void numWordsSkipTopAndMaxlenMatchKeras() throws IOException {
        Reuters.Data d = Reuters.loadData(npz(), 10, 5, 8, 0.2, 113, 1, 2, 3);
        assertSplit(rows(new int[] {2, 7, 2, 2}, new int[] {2, 9, 2, 2, 2}, new int[] {2, 9, 2, 2, 2, 2, 8}, new int[] {2, 8},
                        new int[] {2, 2, 8, 2, 2, 5, 2}, new int[] {2, 2, 7, 7, 2, 2, 2}, new int[] {2, 2}, new int[] {2, 7, 2, 2, 6, 2}),
                new int[] {11, 20, 12, 3, 12, 35, 40, 4},
                rows(new int[] {2, 2, 2}, new int[] {2, 2, 2, 2, 2}), new int[] {6, 4}, d);
    }

    @Test
    void noStartNoOovIndexFromZeroOtherSeedAndSplitMatchKeras() throws IOException {
        Reuters.Data d = Reuters.loadData(npz(), null, 0, null, 0.5, 7, null, null, 0);
        assertSplit(rows(new int[] {4, 12, 19, 3, 1}, new int[] {2, 2, 8, 10, 4, 7, 12, 15, 19}, new int[] {15, 18, 6, 14, 9, 10, 17},
                        new int[] {15, 8, 1}, new int[] {1, 4, 4, 8, 10}, new int[] {19, 5, 7, 13, 2, 7}),
                new int[] {4, 36, 42, 4, 35, 12},
                rows(new int[] {15}, new int[] {5}, new int[] {6, 16, 16, 1}, new int[] {10, 1}, new int[] {6, 7, 9, 18, 16, 5}, new int[] {4, 18}),
                new int[] {40, 3, 20, 6, 12, 11}, d);
    }

    @Test
    void missingFilesSayWhereToPutThem() {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> Reuters.locate(dir, Reuters.NPZ, false));
        assertTrue(e.getMessage().contains(dir.resolve("reuters").toAbsolutePath().toString()) && e.getMessage().contains(Reuters.WEB_URL),
                e.getMessage());
        DatasetUnavailableException w = assertThrows(DatasetUnavailableException.class, () -> Reuters.getWordIndex(dir.resolve("nope.json")));
        assertTrue(w.getMessage().contains("reuters_word_index.json") && w.getMessage().contains(Reuters.WORD_INDEX_URL), w.getMessage());
        assertThrows(DatasetUnavailableException.class, () -> Reuters.loadData(dir.resolve("absent.npz"), null, 0, null, 0.2, 113, 1, 2, 3));
    }

    @Test
    void aNumericXIsRefused() throws IOException {
        // the y array of the npz has dtype <i8: as x it is refused with the dtype named
        byte[] y = Npz.readEntries(npz(), java.util.Set.of("y"), 1 << 20).get("y");
        IOException e = assertThrows(IOException.class, () -> Reuters.sequences(y, "y.npy"));
        assertTrue(e.getMessage().contains("found dtype '<i8'"), e.getMessage());
    }

    @Test
    void wordIndexAndLabelNames() throws IOException {
        Path cache = dir.resolve("reuters");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("reuters_word_index.json"), "{\"the\": 1, \"of\": 2, \"said\": 5}");
        Map<String, Integer> idx = Reuters.getWordIndex(Reuters.locate(dir, Reuters.WORD_INDEX, false));
        assertEquals(Map.of("the", 1, "of", 2, "said", 5), idx);
        List<String> names = Reuters.getLabelNames();
        assertEquals(46, names.size());
        assertEquals("cocoa", names.getFirst());
        assertEquals("earn", names.get(3));
        assertEquals("lead", names.getLast());
    }
}
