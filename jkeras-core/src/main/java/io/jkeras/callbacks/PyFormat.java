package io.jkeras.callbacks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code str.format(**values)} for named fields, as Keras uses it to fill checkpoint file
 * names such as {@code "model-{epoch:02d}-{val_loss:.2f}.keras"}. Supports {@code {{ }}} escapes
 * and the format-spec mini-language {@code [[fill]align][sign][#][0][width][,|_][.precision][type]}
 * with types {@code d b o x X e E f F g G %} and none, rounding like CPython (exact binary value,
 * half-to-even), and Python's {@code repr} for a float with no spec. Values are {@link Integer} /
 * {@link Long}, {@link Double} / {@link Float}, or {@link String}.
 */
final class PyFormat {
    private PyFormat() {}

    static String format(String template, Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < n && template.charAt(i + 1) == '{') { out.append('{'); i++; continue; }
                int close = template.indexOf('}', i);
                if (close < 0) throw new IllegalArgumentException("Single '{' encountered in format string \"" + template + "\"");
                String field = template.substring(i + 1, close);
                if (field.indexOf('{') >= 0) throw new IllegalArgumentException("Nested replacement fields are not supported in \"" + template + "\"");
                int colon = field.indexOf(':');
                String name = colon < 0 ? field : field.substring(0, colon);
                String spec = colon < 0 ? "" : field.substring(colon + 1);
                if (name.indexOf('!') >= 0) throw new IllegalArgumentException("Conversions (!r, !s) are not supported: {" + field + "} in \"" + template + "\"");
                if (name.isEmpty()) throw new IllegalArgumentException("Positional field {} in \"" + template + "\": use a name, e.g. {epoch:02d}");
                if (name.indexOf('.') >= 0 || name.indexOf('[') >= 0) throw new IllegalArgumentException("Attribute or index access {" + name + "} is not supported in \"" + template + "\"");
                if (!values.containsKey(name)) throw new IllegalArgumentException("Failed to format the file path \"" + template
                        + "\": no value named '" + name + "'. Available: " + values.keySet());
                out.append(formatValue(values.get(name), spec));
                i = close;
            } else if (c == '}') {
                if (i + 1 < n && template.charAt(i + 1) == '}') { out.append('}'); i++; continue; }
                throw new IllegalArgumentException("Single '}' encountered in format string \"" + template + "\"");
            } else out.append(c);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ spec

    private record Spec(char fill, char align, char sign, boolean alt, int width, char grouping, int precision, char type) {}

    private static Spec parse(String s) {
        int i = 0, n = s.length();
        char fill = ' ', align = 0, sign = '-', grouping = 0, type = 0;
        boolean alt = false;
        int width = -1, precision = -1;
        if (n >= 2 && "<>=^".indexOf(s.charAt(1)) >= 0) { fill = s.charAt(0); align = s.charAt(1); i = 2; }
        else if (n >= 1 && "<>=^".indexOf(s.charAt(0)) >= 0) { align = s.charAt(0); i = 1; }
        if (i < n && "+- ".indexOf(s.charAt(i)) >= 0) sign = s.charAt(i++);
        if (i < n && s.charAt(i) == '#') { alt = true; i++; }
        if (i < n && s.charAt(i) == '0') {
            if (align == 0) { fill = '0'; align = '='; }
            i++;
        }
        int st = i;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        if (i > st) width = Integer.parseInt(s.substring(st, i));
        if (i < n && (s.charAt(i) == ',' || s.charAt(i) == '_')) grouping = s.charAt(i++);
        if (i < n && s.charAt(i) == '.') {
            st = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) i++;
            if (i == st) throw new IllegalArgumentException("Format specifier missing precision in '" + s + "'");
            precision = Integer.parseInt(s.substring(st, i));
        }
        if (i < n) type = s.charAt(i++);
        if (i != n) throw new IllegalArgumentException("Invalid format specifier '" + s + "'");
        return new Spec(fill, align, sign, alt, width, grouping, precision, type);
    }

    static String formatValue(Object v, String specText) {
        Spec sp = parse(specText);
        if (v instanceof String str) {
            if (sp.type != 0 && sp.type != 's') throw new IllegalArgumentException("Unknown format code '" + sp.type + "' for object of type 'str'");
            if (sp.precision >= 0 && str.length() > sp.precision) str = str.substring(0, sp.precision);
            return pad("", str, sp, '<');
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
            if ("eEfFgG%".indexOf(sp.type == 0 ? '?' : sp.type) >= 0) return formatDouble(b.doubleValue(), sp);
            if (sp.precision >= 0) throw new IllegalArgumentException("Precision not allowed in integer format specifier '" + specText + "'");
            String digits;
            String prefix = "";
            switch (sp.type) {
                case 0, 'd', 'n' -> digits = group(b.abs().toString(), sp.grouping, 3);
                case 'b' -> { digits = group(b.abs().toString(2), sp.grouping, 4); prefix = sp.alt ? "0b" : ""; }
                case 'o' -> { digits = group(b.abs().toString(8), sp.grouping, 4); prefix = sp.alt ? "0o" : ""; }
                case 'x', 'X' -> {
                    digits = group(b.abs().toString(16), sp.grouping, 4);
                    if (sp.type == 'X') digits = digits.toUpperCase(Locale.ROOT);
                    prefix = sp.alt ? (sp.type == 'X' ? "0X" : "0x") : "";
                }
                default -> throw new IllegalArgumentException("Unknown format code '" + sp.type + "' for object of type 'int'");
            }
            return pad(signText(b.signum() < 0, sp) + prefix, digits, sp, '>');
        }
        if (v instanceof Double || v instanceof Float) return formatDouble(((Number) v).doubleValue(), sp);
        throw new IllegalArgumentException("Cannot format a value of type " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    private static String signText(boolean negative, Spec sp) {
        if (negative) return "-";
        return sp.sign == '+' ? "+" : sp.sign == ' ' ? " " : "";
    }

    private static String formatDouble(double d, Spec sp) {
        char t = sp.type;
        if ("eEfFgG%".indexOf(t == 0 ? 'g' : t) < 0) throw new IllegalArgumentException("Unknown format code '" + t + "' for object of type 'float'");
        boolean neg = (Double.doubleToRawLongBits(d) < 0) && !Double.isNaN(d);
        double a = Math.abs(d);
        String body;
        boolean upper = t == 'E' || t == 'F' || t == 'G';
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            if (upper) body = body.toUpperCase(Locale.ROOT);
            if (t == '%') body += "%";
            return pad(signText(neg, sp), body, sp, '>');   // CPython zero-pads these too: '-0000inf'
        }
        int p = sp.precision;
        switch (t) {
            case 'e', 'E' -> body = sci(a, p < 0 ? 6 : p, sp.alt);
            case 'f', 'F' -> body = fixed(new BigDecimal(a), p < 0 ? 6 : p, sp.alt);
            case '%' -> body = fixed(new BigDecimal(a).multiply(BigDecimal.valueOf(100)), p < 0 ? 6 : p, sp.alt) + "%";
            case 'g', 'G' -> body = general(a, p < 0 ? 6 : Math.max(p, 1), sp.alt, false);
            default -> body = p < 0 ? repr(a) : general(a, Math.max(p, 1), sp.alt, true);
        }
        if (upper) body = body.toUpperCase(Locale.ROOT);
        if (sp.grouping != 0) {
            int end = 0;
            while (end < body.length() && Character.isDigit(body.charAt(end))) end++;
            body = group(body.substring(0, end), sp.grouping, 3) + body.substring(end);
        }
        return pad(signText(neg, sp), body, sp, '>');
    }

    private static String group(String digits, char sep, int every) {
        if (sep == 0 || digits.length() <= every) return digits;
        StringBuilder sb = new StringBuilder();
        int first = digits.length() % every;
        if (first > 0) sb.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += every) {
            if (sb.length() > 0) sb.append(sep);
            sb.append(digits, i, i + every);
        }
        return sb.toString();
    }

    private static String pad(String sign, String body, Spec sp, char defaultAlign) {
        int len = sign.length() + body.length();
        if (sp.width <= len) return sign + body;
        int padN = sp.width - len;
        String fill = String.valueOf(sp.fill).repeat(padN);
        char align = sp.align == 0 ? defaultAlign : sp.align;
        return switch (align) {
            case '<' -> sign + body + fill;
            case '=' -> sign + fill + body;
            case '^' -> String.valueOf(sp.fill).repeat(padN / 2) + sign + body + String.valueOf(sp.fill).repeat(padN - padN / 2);
            default -> fill + sign + body;
        };
    }

    /** Fixed notation with {@code p} decimals, half-to-even on the exact value (CPython's rounding). */
    private static String fixed(BigDecimal a, int p, boolean alt) {
        String s = a.setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        return p == 0 && alt ? s + "." : s;
    }

    /** {@code d.ddd e±XX} with {@code p} decimals. */
    private static String sci(double a, int p, boolean alt) {
        String[] de = digitsAndExponent(a, p + 1);
        String digits = de[0];
        int exp = Integer.parseInt(de[1]);
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (p > 0 || alt) sb.append('.');
        sb.append(digits, 1, digits.length());
        return sb.append(expText(exp)).toString();
    }

    private static String expText(int exp) {
        return "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /**
     * {@code sig} significant digits of {@code a} (exactly {@code sig} characters, zero padded) and
     * the decimal exponent of the first one.
     */
    private static String[] digitsAndExponent(double a, int sig) {
        if (a == 0) return new String[] {"0".repeat(sig), "0"};
        BigDecimal r = new BigDecimal(a).round(new MathContext(sig, RoundingMode.HALF_EVEN));
        String u = r.unscaledValue().toString();
        int exp = u.length() - 1 - r.scale();
        if (u.length() < sig) u = u + "0".repeat(sig - u.length());
        else if (u.length() > sig) u = u.substring(0, sig); // trailing zeros only
        return new String[] {u, Integer.toString(exp)};
    }

    /**
     * 'g' (and, with {@code noType}, the empty type with a precision): fixed when
     * {@code -4 <= exp < p} ({@code < p - 1} for the empty type), else scientific; insignificant
     * zeros dropped unless {@code alt}.
     */
    private static String general(double a, int p, boolean alt, boolean noType) {
        String[] de = digitsAndExponent(a, p);
        int exp = a == 0 ? 0 : Integer.parseInt(de[1]);
        int limit = noType ? p - 1 : p;
        String s;
        boolean fixedForm = exp >= -4 && exp < limit;
        if (fixedForm) s = fixed(new BigDecimal(a), Math.max(p - 1 - exp, 0), alt);
        else s = sci(a, p - 1, alt);
        if (!alt) {
            String mant = fixedForm ? s : s.substring(0, s.indexOf('e'));
            String tail = fixedForm ? "" : s.substring(s.indexOf('e'));
            if (mant.indexOf('.') >= 0) {
                mant = mant.replaceAll("0+$", "");
                if (mant.endsWith(".")) mant = mant.substring(0, mant.length() - 1);
            }
            s = mant + tail;
        }
        if (noType && fixedForm && s.indexOf('.') < 0) s += ".0";
        return s;
    }

    /** Python's {@code repr(float)}: the shortest digits that round-trip, scientific below 1e-4 and from 1e16. */
    static String repr(double a) {
        if (a == 0) return "0.0";
        BigDecimal b = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        // Java's toString keeps two digits where one may do (4.9E-324 vs Python's 5e-324): try shorter
        int len = b.unscaledValue().abs().toString().length();
        for (int k = 1; k < len; k++) {
            BigDecimal r = new BigDecimal(a).round(new MathContext(k, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == a) { b = r.stripTrailingZeros(); break; }
        }
        String digits = b.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - b.scale();
        if (exp >= -4 && exp < 16) {
            String s = b.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        return sb.append(expText(exp)).toString();
    }
}
