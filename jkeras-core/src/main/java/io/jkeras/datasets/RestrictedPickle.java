package io.jkeras.datasets;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader that understands only what NumPy writes for an object array of lists of
 * integers (the body of an {@code .npy} file with dtype {@code |O}, as in Keras's
 * {@code reuters.npz}), and refuses everything else.
 *
 * <p>Python's pickle is a small stack machine whose {@code GLOBAL}/{@code REDUCE} opcodes call any
 * importable function, so reading an untrusted pickle normally means running its code. This
 * reader runs nothing and looks up no class: the only globals it accepts are the three names NumPy
 * uses to rebuild an array ({@code numpy.core.multiarray._reconstruct} (or {@code numpy._core...}),
 * {@code numpy.ndarray} and {@code numpy.dtype}), and it implements them as plain data
 * constructors here. Any other global ({@code os.system}, {@code builtins.eval}, ...) and any
 * opcode outside the small set below is refused with an {@link IOException} that names it and its
 * position.
 *
 * <p>Accepted opcodes (protocols 2 to 5): PROTO, FRAME, STOP; MARK, EMPTY_LIST, APPEND, APPENDS;
 * EMPTY_TUPLE, TUPLE, TUPLE1..3; BININT, BININT1, BININT2, LONG1 (up to 8 bytes); NONE, NEWTRUE,
 * NEWFALSE; SHORT_BINSTRING, BINSTRING, SHORT_BINUNICODE, BINUNICODE, SHORT_BINBYTES, BINBYTES;
 * MEMOIZE, BINPUT, LONG_BINPUT, BINGET, LONG_BINGET; GLOBAL, STACK_GLOBAL, REDUCE, BUILD.
 *
 * <p>Bounds: every length is checked against the bytes left before anything is allocated; MARKs
 * nest at most {@value #MAX_MARK_DEPTH} deep; at most {@code maxValues} values are created; the
 * machine never recurses, so no input can overflow the Java stack.
 */
final class RestrictedPickle {
    /** How deep MARKs may nest; NumPy's object arrays of lists need 3. */
    static final int MAX_MARK_DEPTH = 32;

    /**
     * A NumPy array rebuilt from a pickle: its shape, dtype ({@code "O"} for objects, else the
     * NumPy kind and width such as {@code "i8"}) and its elements in C order. Elements of an object
     * array are {@link Long}, {@link String}, {@code byte[]}, {@link Boolean}, {@link #NONE},
     * {@code List<Object>} (a Python list), {@link Tuple} or {@link NdArray}; those of an integer
     * array are {@link Long}.
     */
    record NdArray(int[] shape, String dtype, List<Object> elements) {
        @Override public String toString() { return "ndarray(shape=" + Arrays.toString(shape) + ", dtype=" + dtype + ")"; }
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        @Override public String toString() { return "tuple of " + items.size(); }
    }

    /** Python's None. */
    static final Object NONE = new Object() {
        @Override public String toString() { return "None"; }
    };

    private enum Global { RECONSTRUCT, NDARRAY, DTYPE }

    /** {@code numpy.dtype(...)} before and after its BUILD. */
    private static final class DType {
        final String name;
        String byteOrder = "|";
        DType(String name) { this.name = name; }
    }

    /** {@code _reconstruct(ndarray, (0,), b'b')} waiting for its BUILD. */
    private static final class ArrayStub {
        NdArray built;
    }

    private final byte[] b;
    private final String source;
    private final long maxValues;
    private int pos;
    private long values;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final int[] marks = new int[MAX_MARK_DEPTH];
    private int markDepth;
    private final Map<Integer, Object> memo = new HashMap<>();

    private RestrictedPickle(byte[] b, int offset, String source, long maxValues) {
        this.b = b;
        this.pos = offset;
        this.source = source;
        this.maxValues = maxValues;
    }

    /**
     * Reads the pickled NumPy array that starts at {@code offset} of {@code bytes}.
     *
     * @param source    the file, for messages
     * @param maxValues the most values (numbers, strings, lists, ...) the pickle may create
     * @throws IOException when the pickle is not a NumPy array or uses anything outside the accepted set
     */
    static NdArray readArray(byte[] bytes, int offset, String source, long maxValues) throws IOException {
        Object v = new RestrictedPickle(bytes, offset, source, maxValues).run();
        if (v instanceof ArrayStub a && a.built != null) return a.built;
        throw new IOException(source + ": the pickle holds " + kind(v) + ", not a NumPy array");
    }

    // ------------------------------------------------------------------ the machine

    private Object run() throws IOException {
        while (true) {
            if (pos >= b.length) throw fail("is truncated: the pickle ends at byte " + pos + " without a STOP opcode");
            int at = pos;
            int op = b[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> {   // PROTO
                    int p = u1();
                    if (p < 2 || p > 5) throw failAt(at, "uses pickle protocol " + p + "; only protocols 2 to 5 are read");
                }
                case 0x95 -> {   // FRAME: a length hint; the bytes follow inline
                    long n = u8();
                    if (n < 0 || n > b.length - pos) throw failAt(at, "declares a frame of " + Long.toUnsignedString(n) + " bytes but only "
                            + (b.length - pos) + " remain (truncated or corrupt)");
                }
                case '.' -> {    // STOP
                    if (markDepth != 0) throw failAt(at, "stops with an unclosed MARK");
                    if (stack.size() != 1) throw failAt(at, "stops with " + stack.size() + " values on the stack instead of 1");
                    return stack.getFirst();
                }
                case '(' -> {    // MARK
                    if (markDepth == MAX_MARK_DEPTH) throw failAt(at, "nests MARKs deeper than " + MAX_MARK_DEPTH
                            + " levels; a NumPy array of lists needs 3 (refusing a hostile or corrupt pickle)");
                    marks[markDepth++] = stack.size();
                }
                case ']' -> push(new ArrayList<>());            // EMPTY_LIST
                case ')' -> push(new Tuple(List.of()));         // EMPTY_TUPLE
                case 'a' -> {    // APPEND
                    Object v = pop(at);
                    list(peek(at), at).add(v);
                }
                case 'e' -> {    // APPENDS
                    List<Object> items = popMark(at);
                    list(peek(at), at).addAll(items);
                }
                case 't' -> push(new Tuple(List.copyOf(popMarkNullable(at))));
                case 0x85 -> { Object x = pop(at); push(new Tuple(tupleOf(x))); }
                case 0x86 -> { Object y = pop(at), x = pop(at); push(new Tuple(tupleOf(x, y))); }
                case 0x87 -> { Object z = pop(at), y = pop(at), x = pop(at); push(new Tuple(tupleOf(x, y, z))); }
                case 'K' -> push((long) u1());                 // BININT1
                case 'M' -> push((long) (u1() | u1() << 8));   // BININT2
                case 'J' -> push((long) (int) u4());           // BININT (signed)
                case 0x8a -> push(long1(at));                  // LONG1
                case 'N' -> push(NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'U' -> push(bytes(u1(), at));                              // SHORT_BINSTRING (Python 2 str)
                case 'T' -> push(bytes(u4(), at));                              // BINSTRING
                case 'C' -> push(bytes(u1(), at));                              // SHORT_BINBYTES
                case 'B' -> push(bytes(u4(), at));                              // BINBYTES
                case 0x8c -> push(utf8(bytes(u1(), at), at));                   // SHORT_BINUNICODE
                case 'X' -> push(utf8(bytes(u4(), at), at));                    // BINUNICODE
                case 0x94 -> { count(1); memo.put(memo.size(), peek(at)); }                   // MEMOIZE
                case 'q' -> { count(1); memo.put(u1(), peek(at)); }                           // BINPUT
                case 'r' -> { count(1); memo.put(index(u4(), at), peek(at)); }                // LONG_BINPUT
                case 'h' -> push(memoGet(u1(), at));                            // BINGET
                case 'j' -> push(memoGet(index(u4(), at), at));                 // LONG_BINGET
                case 'c' -> push(global(line(at), line(at), at));               // GLOBAL
                case 0x93 -> {                                                  // STACK_GLOBAL
                    Object name = pop(at), module = pop(at);
                    push(global(text(module, at), text(name, at), at));
                }
                case 'R' -> {    // REDUCE
                    Object args = pop(at), fn = pop(at);
                    push(reduce(fn, args, at));
                }
                case 'b' -> {    // BUILD
                    Object state = pop(at);
                    build(peek(at), state, at);
                }
                default -> throw failAt(at, "uses pickle opcode " + opName(op)
                        + ", which a NumPy object array of lists of integers never needs; refusing it (jkeras never runs code from a file)");
            }
        }
    }

    // ------------------------------------------------------------------ NumPy's three globals, as data

    private Object global(String module, String name, int at) throws IOException {
        switch (module + "." + name) {
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct" -> { return Global.RECONSTRUCT; }
            case "numpy.ndarray" -> { return Global.NDARRAY; }
            case "numpy.dtype" -> { return Global.DTYPE; }
            default -> throw failAt(at, "refers to the Python global '" + printable(module) + "." + printable(name)
                    + "'; only numpy.ndarray, numpy.dtype and numpy.core.multiarray._reconstruct are allowed. The file may be "
                    + "corrupt or malicious; jkeras never runs code from a file");
        }
    }

    private Object reduce(Object fn, Object args, int at) throws IOException {
        if (!(args instanceof Tuple t)) throw failAt(at, "calls with " + kind(args) + " instead of an argument tuple");
        List<Object> a = t.items();
        if (fn == Global.RECONSTRUCT) {
            if (a.size() != 3 || a.get(0) != Global.NDARRAY || !(a.get(1) instanceof Tuple))
                throw failAt(at, "calls _reconstruct with arguments other than (numpy.ndarray, shape, typecode)");
            return new ArrayStub();
        }
        if (fn == Global.DTYPE) {
            if (a.size() != 3 || !(a.get(1) instanceof Boolean) || !(a.get(2) instanceof Boolean))
                throw failAt(at, "calls numpy.dtype with arguments other than (name, align, copy)");
            String name = text(a.get(0), at);
            if (!name.matches("O[48]|[iu][1248]|b1")) throw failAt(at, "has an array of dtype '" + printable(name)
                    + "'; only object arrays and integer arrays are read");
            return new DType(name);
        }
        throw failAt(at, "calls " + kind(fn) + "; only numpy.core.multiarray._reconstruct and numpy.dtype may be called");
    }

    private void build(Object target, Object state, int at) throws IOException {
        if (!(state instanceof Tuple t)) throw failAt(at, "sets the state of " + kind(target) + " to " + kind(state) + " instead of a tuple");
        List<Object> s = t.items();
        if (target instanceof DType d) {
            // (version, byte order, subarray, names, fields, elsize, alignment, flags)
            if (s.size() < 2) throw failAt(at, "has a numpy.dtype state of " + s.size() + " items");
            d.byteOrder = text(s.get(1), at);
            if (!d.byteOrder.matches("[<>|=]")) throw failAt(at, "has a dtype byte order '" + printable(d.byteOrder) + "'");
            if (s.size() > 2 && s.get(2) != NONE) throw failAt(at, "has a dtype with a sub-array; not supported");
            if (s.size() > 3 && s.get(3) != NONE) throw failAt(at, "has a structured dtype; not supported");
            return;
        }
        if (target instanceof ArrayStub a) {
            if (a.built != null) throw failAt(at, "sets the state of one array twice");
            // (version, shape, dtype, fortran_order, data)
            if (s.size() != 5 || !(s.get(1) instanceof Tuple shapeT) || !(s.get(2) instanceof DType d) || !(s.get(3) instanceof Boolean fortran))
                throw failAt(at, "has an ndarray state other than (version, shape, dtype, fortran_order, data)");
            int[] shape = new int[shapeT.items().size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeT.items().get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE)
                    throw failAt(at, "has an ndarray shape entry that is not a non-negative int32");
                shape[i] = (int) (long) v;
                count *= v;
                if (count > Integer.MAX_VALUE) throw failAt(at, "declares an ndarray of more than 2^31 elements");
            }
            if (fortran && shape.length > 1) throw failAt(at, "has a Fortran-ordered array; only C order is read");
            Object data = s.get(4);
            if (d.name.startsWith("O")) {
                if (!(data instanceof List<?> l)) throw failAt(at, "has an object array whose data is " + kind(data) + " instead of a list");
                if (l.size() != count) throw failAt(at, "has an object array of shape " + Arrays.toString(shape) + " with " + l.size() + " elements");
                @SuppressWarnings("unchecked") List<Object> elems = (List<Object>) l;
                a.built = new NdArray(shape, "O", elems);
            } else {
                if (!(data instanceof byte[] raw)) throw failAt(at, "has an integer array whose data is " + kind(data) + " instead of bytes");
                a.built = new NdArray(shape, d.name, integers(raw, d, (int) count, at));
            }
            return;
        }
        throw failAt(at, "sets the state of " + kind(target) + "; only numpy arrays and dtypes have state here");
    }

    private List<Object> integers(byte[] raw, DType d, int count, int at) throws IOException {
        int w = d.name.charAt(1) - '0';
        boolean signed = d.name.charAt(0) == 'i';
        boolean big = d.byteOrder.equals(">");
        if ((long) count * w != raw.length) throw failAt(at, "has " + raw.length + " data bytes for " + count + " elements of dtype " + d.name);
        count(count);
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int k = 0; k < w; k++) {
                int byteIndex = big ? i * w + k : i * w + (w - 1 - k);
                v = v << 8 | (raw[byteIndex] & 0xFF);
            }
            if (signed && w < 8) v = v << (64 - 8 * w) >> (64 - 8 * w);
            if (!signed && w == 8 && v < 0) throw failAt(at, "has a uint64 value above 2^63");
            out.add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ stack and memo

    private void push(Object v) throws IOException {
        count(1);
        stack.add(v);
    }

    private void count(long n) throws IOException {
        values += n;
        if (values > maxValues) throw fail("creates more than " + maxValues + " values (at byte " + pos
                + "); refusing it as too large for this dataset");
    }

    private Object pop(int at) throws IOException {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) throw failAt(at, "pops from an empty stack (corrupt pickle)");
        return stack.removeLast();
    }

    private Object peek(int at) throws IOException {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) throw failAt(at, "reads from an empty stack (corrupt pickle)");
        return stack.getLast();
    }

    private List<Object> popMark(int at) throws IOException {
        List<Object> items = popMarkNullable(at);
        return new ArrayList<>(items);
    }

    private List<Object> popMarkNullable(int at) throws IOException {
        if (markDepth == 0) throw failAt(at, "closes a MARK that was never opened (corrupt pickle)");
        int from = marks[--markDepth];
        List<Object> tail = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private Object memoGet(int index, int at) throws IOException {
        Object v = memo.get(index);
        if (v == null) throw failAt(at, "reads memo entry " + index + ", which was never stored (corrupt pickle)");
        return v;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v, int at) throws IOException {
        if (v instanceof ArrayList<?> l) return (List<Object>) l;
        throw failAt(at, "appends to " + kind(v) + " instead of a list");
    }

    private static List<Object> tupleOf(Object... items) { return List.of(items); }

    // ------------------------------------------------------------------ reading bytes

    private int u1() throws IOException {
        need(1);
        return b[pos++] & 0xFF;
    }

    private long u4() throws IOException {
        need(4);
        long v = (b[pos] & 0xFFL) | (b[pos + 1] & 0xFFL) << 8 | (b[pos + 2] & 0xFFL) << 16 | (b[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    private long u8() throws IOException {
        need(8);
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | (b[pos + k] & 0xFFL);
        pos += 8;
        return v;
    }

    private Long long1(int at) throws IOException {
        int n = u1();
        if (n > 8) throw failAt(at, "has an integer of " + n + " bytes; at most 8 (int64) are read");
        need(n);
        long v = 0;
        for (int k = n - 1; k >= 0; k--) v = v << 8 | (b[pos + k] & 0xFFL);
        if (n > 0 && n < 8) v = v << (64 - 8 * n) >> (64 - 8 * n);   // two's complement of n bytes
        pos += n;
        return v;
    }

    private byte[] bytes(long n, int at) throws IOException {
        if (n > b.length - pos) throw failAt(at, "declares a string of " + n + " bytes but only " + (b.length - pos)
                + " remain (truncated or corrupt)");
        byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private String utf8(byte[] raw, int at) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw failAt(at, "has a string that is not valid UTF-8");
        }
    }

    /** A GLOBAL operand: text up to a newline, at most 256 bytes. */
    private String line(int at) throws IOException {
        int end = pos;
        while (end < b.length && b[end] != '\n') {
            if (end - pos >= 256) throw failAt(at, "has a GLOBAL name longer than 256 bytes");
            end++;
        }
        if (end >= b.length) throw fail("is truncated inside a GLOBAL name");
        String s = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos = end + 1;
        return s;
    }

    private String text(Object v, int at) throws IOException {
        if (v instanceof String s) return s;
        if (v instanceof byte[] raw) return new String(raw, StandardCharsets.ISO_8859_1);   // Python 2 str, read as latin-1 like NumPy
        throw failAt(at, "has " + kind(v) + " where a name was expected");
    }

    private int index(long v, int at) throws IOException {
        if (v > Integer.MAX_VALUE) throw failAt(at, "uses memo index " + v + ", out of range");
        return (int) v;
    }

    private void need(int n) throws IOException {
        if (n > b.length - pos) throw fail("is truncated: needs " + n + " more bytes at byte " + pos + " but the file ends at " + b.length);
    }

    // ------------------------------------------------------------------ messages

    /** What a value is, without looking inside it (no recursion, however deep a hostile pickle nests). */
    static String kind(Object v) {
        return switch (v) {
            case null -> "nothing";
            case Long l -> "the integer " + l;
            case String s -> "a string";
            case byte[] raw -> "bytes";
            case Boolean bo -> "a boolean";
            case List<?> l -> "a list of " + l.size();
            case Tuple t -> "a tuple of " + t.items().size();
            case NdArray a -> "a NumPy array";
            case ArrayStub a -> "a NumPy array";
            case DType d -> "a NumPy dtype";
            case Global g -> "the function " + g.name().toLowerCase(java.util.Locale.ROOT);
            default -> v == NONE ? "None" : v.getClass().getSimpleName();
        };
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xFF));
        return sb.toString();
    }

    private static String opName(int op) {
        String name = switch (op) {
            case 'I' -> "INT"; case 'L' -> "LONG"; case 'F' -> "FLOAT"; case 'G' -> "BINFLOAT"; case 'S' -> "STRING";
            case 'V' -> "UNICODE"; case 'P' -> "PERSID"; case 'Q' -> "BINPERSID"; case 'i' -> "INST"; case 'o' -> "OBJ";
            case 'd' -> "DICT"; case '}' -> "EMPTY_DICT"; case 's' -> "SETITEM"; case 'u' -> "SETITEMS"; case 'l' -> "LIST";
            case 'p' -> "PUT"; case 'g' -> "GET"; case '0' -> "POP"; case '1' -> "POP_MARK"; case '2' -> "DUP";
            case 0x81 -> "NEWOBJ"; case 0x82 -> "EXT1"; case 0x83 -> "EXT2"; case 0x84 -> "EXT4"; case 0x8b -> "LONG4";
            case 0x8d -> "BINUNICODE8"; case 0x8e -> "BINBYTES8"; case 0x8f -> "EMPTY_SET"; case 0x90 -> "ADDITEMS";
            case 0x91 -> "FROZENSET"; case 0x92 -> "NEWOBJ_EX"; case 0x96 -> "BYTEARRAY8"; case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            default -> null;
        };
        String code = String.format("0x%02x", op);
        return name == null ? code + " (unknown)" : name + " (" + code + ")";
    }

    private IOException fail(String what) { return new IOException(source + " " + what); }

    private IOException failAt(int at, String what) { return new IOException(source + ": the pickle at byte " + at + " " + what); }
}
