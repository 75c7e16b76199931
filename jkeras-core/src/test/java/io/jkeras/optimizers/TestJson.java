package io.jkeras.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for test fixtures: objects become LinkedHashMap (key order kept), arrays
 * ArrayList, numbers Long (integers) or Double, plus String, Boolean and null.
 */
final class TestJson {
    private final String s;
    private int p;

    private TestJson(String s) { this.s = s; }

    static Object parse(String text) {
        TestJson j = new TestJson(text);
        Object v = j.value();
        j.ws();
        if (j.p != text.length()) throw j.err("trailing characters");
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) { return (Map<String, Object>) parse(text); }

    private IllegalArgumentException err(String what) { return new IllegalArgumentException("JSON: " + what + " at " + p); }

    private void ws() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }

    private Object value() {
        ws();
        if (p >= s.length()) throw err("unexpected end");
        char c = s.charAt(p);
        switch (c) {
            case '{': {
                p++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(p) == '}') { p++; return m; }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    if (s.charAt(p++) != ':') throw err("expected ':'");
                    m.put(k, value());
                    ws();
                    char d = s.charAt(p++);
                    if (d == '}') return m;
                    if (d != ',') throw err("expected ',' or '}'");
                }
            }
            case '[': {
                p++;
                List<Object> a = new ArrayList<>();
                ws();
                if (s.charAt(p) == ']') { p++; return a; }
                while (true) {
                    a.add(value());
                    ws();
                    char d = s.charAt(p++);
                    if (d == ']') return a;
                    if (d != ',') throw err("expected ',' or ']'");
                }
            }
            case '"': return string();
            default:
                if (s.startsWith("true", p)) { p += 4; return Boolean.TRUE; }
                if (s.startsWith("false", p)) { p += 5; return Boolean.FALSE; }
                if (s.startsWith("null", p)) { p += 4; return null; }
                if (s.startsWith("NaN", p)) { p += 3; return Double.NaN; }
                return number();
        }
    }

    private String string() {
        if (s.charAt(p++) != '"') throw err("expected string");
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(p++);
            if (c == '"') return b.toString();
            if (c == '\\') {
                char e = s.charAt(p++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; }
                    default -> b.append(e);
                }
            } else b.append(c);
        }
    }

    private Object number() {
        int st = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) p++;
        String t = s.substring(st, p);
        if (t.isEmpty()) throw err("unexpected character '" + s.charAt(st) + "'");
        if (t.matches("-?\\d+")) return Long.parseLong(t);
        return Double.parseDouble(t);
    }
}
