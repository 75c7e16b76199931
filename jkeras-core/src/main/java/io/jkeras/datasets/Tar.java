package io.jkeras.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A small tar reader for registry packages (npm's {@code .tgz}, a {@code .deb}'s data tar), written
 * for input that may be hostile.
 *
 * <p>It never creates files: it returns the bytes of the regular-file entries whose names are asked
 * for, and callers decide where verified bytes go. On the way it refuses any entry whose name is
 * absolute or climbs out with {@code ..} (the whole archive is then rejected), checks every header's
 * checksum, bounds every size it allocates for, and refuses a wanted name that is a link, a
 * directory or a device. It understands POSIX ustar (with its name prefix), old GNU tar, GNU long
 * names ({@code L}) and pax extended headers ({@code x}: {@code path} and {@code size}).
 */
final class Tar {
    private static final int BLOCK = 512;
    /** Bound on the body of a GNU long-name or pax header. */
    private static final int MAX_META = 1 << 20;

    private Tar() {}

    /**
     * Reads the tar stream {@code in} (already decompressed) to its end marker and returns the
     * contents of the regular files named in {@code wanted}, keyed by name. Names are compared after
     * dropping a leading {@code ./}. Missing names are simply absent from the result.
     *
     * @param maxEntryBytes the largest wanted entry accepted
     * @throws IOException for a malformed, truncated or hostile archive
     */
    static Map<String, byte[]> readFiles(InputStream in, Set<String> wanted, long maxEntryBytes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        String longName = null;   // from a GNU 'L' entry or a pax 'path' record, applies to the next entry
        Long paxSize = null;
        long entryIndex = 0;
        while (true) {
            int got = in.readNBytes(header, 0, BLOCK);
            if (got == 0) return out;   // end of stream at a block boundary without the end marker: accept
            if (got < BLOCK) throw new IOException("tar archive is truncated: a header block has " + got + " of 512 bytes");
            if (isZero(header)) return out;   // end-of-archive marker (the second zero block is not needed)
            entryIndex++;
            checkChecksum(header, entryIndex);
            boolean posix = startsWith(header, 257, "ustar\0");
            String name = cString(header, 0, 100);
            if (posix) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
            }
            char type = (char) (header[156] & 0xFF);
            long size = number(header, 124, 12, "size", entryIndex);

            if (type == 'L' || type == 'x' || type == 'g' || type == 'K') {
                if (size > MAX_META) throw new IOException("tar entry #" + entryIndex + " is a " + type
                        + " metadata header of " + size + " bytes, more than the " + MAX_META + " allowed");
                byte[] body = readBody(in, size, entryIndex);
                if (type == 'L') longName = cString(body, 0, body.length);
                else if (type == 'x') {
                    Map<String, String> pax = parsePax(body, entryIndex);
                    if (pax.containsKey("path")) longName = pax.get("path");
                    if (pax.containsKey("size")) {
                        try { paxSize = Long.parseLong(pax.get("size")); }
                        catch (NumberFormatException e) { throw new IOException("tar entry #" + entryIndex + " has a bad pax size '" + pax.get("size") + "'"); }
                        if (paxSize < 0) throw new IOException("tar entry #" + entryIndex + " has a negative pax size " + paxSize);
                    }
                }
                continue;   // 'g' and 'K' are read and ignored
            }
            if (longName != null) { name = longName; longName = null; }
            if (paxSize != null) { size = paxSize; paxSize = null; }

            String clean = checkedName(name, entryIndex);
            boolean regular = type == '0' || type == '\0' || type == '7';
            boolean isWanted = wanted.contains(clean);
            if (isWanted && !regular) throw new IOException("tar entry '" + clean + "' is not a regular file (type '" + type
                    + "'); refusing it");
            // Links, directories, devices and FIFOs carry no data blocks whatever their size field says;
            // vendor extensions ('A'..'Z', e.g. GNU sparse files) do, and are skipped over.
            boolean hasData = regular || (type >= 'A' && type <= 'Z');
            if (!hasData) size = 0;
            if (isWanted) {
                if (out.containsKey(clean)) throw new IOException("tar entry '" + clean + "' appears twice; refusing the archive");
                if (size > maxEntryBytes) throw new IOException("tar entry '" + clean + "' has " + size + " bytes, more than the "
                        + maxEntryBytes + " expected for it");
                out.put(clean, readBody(in, size, entryIndex));
            } else {
                skipBody(in, size, entryIndex);
            }
        }
    }

    /** The name without a leading "./", after refusing absolute names, ".." steps and odd characters. */
    static String checkedName(String name, long entryIndex) throws IOException {
        if (name.isEmpty()) throw new IOException("tar entry #" + entryIndex + " has an empty name");
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0)
            throw new IOException("tar entry #" + entryIndex + " has a name with a NUL or backslash: '" + printable(name) + "'; refusing the archive");
        if (name.startsWith("/")) throw new IOException("tar entry '" + printable(name) + "' has an absolute path; refusing the archive");
        if (name.length() >= 2 && name.charAt(1) == ':') throw new IOException("tar entry '" + printable(name) + "' has a drive letter; refusing the archive");
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) throw new IOException("tar entry '" + printable(name)
                    + "' climbs out of the archive with '..' (path traversal); refusing the archive");
        }
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        return n;
    }

    private static Map<String, String> parsePax(byte[] body, long entryIndex) throws IOException {
        // Records are "LEN KEY=VALUE\n" where LEN counts the whole record in bytes.
        Map<String, String> map = new LinkedHashMap<>();
        int pos = 0;
        while (pos < body.length) {
            if (body[pos] == 0) break;
            int sp = pos;
            while (sp < body.length && body[sp] != ' ') sp++;
            if (sp == body.length) throw new IOException("tar entry #" + entryIndex + " has a malformed pax header");
            int len;
            try { len = Integer.parseInt(new String(body, pos, sp - pos, StandardCharsets.US_ASCII)); }
            catch (NumberFormatException e) { throw new IOException("tar entry #" + entryIndex + " has a malformed pax record length"); }
            if (len <= sp - pos + 1 || pos + len > body.length || body[pos + len - 1] != '\n')
                throw new IOException("tar entry #" + entryIndex + " has a malformed pax record");
            String rec = new String(body, sp + 1, pos + len - 1 - (sp + 1), StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq <= 0) throw new IOException("tar entry #" + entryIndex + " has a pax record without '='");
            map.put(rec.substring(0, eq), rec.substring(eq + 1));
            pos += len;
        }
        return map;
    }

    private static byte[] readBody(InputStream in, long size, long entryIndex) throws IOException {
        if (size > Idx.MAX_BYTES) throw new IOException("tar entry #" + entryIndex + " has " + size + " bytes, too large to read");
        byte[] body = in.readNBytes((int) size);
        if (body.length < size) throw new IOException("tar archive is truncated inside entry #" + entryIndex + ": expected "
                + size + " bytes, got " + body.length);
        skipFully(in, padding(size), entryIndex);
        return body;
    }

    private static void skipBody(InputStream in, long size, long entryIndex) throws IOException {
        skipFully(in, size + padding(size), entryIndex);
    }

    private static long padding(long size) { return (BLOCK - size % BLOCK) % BLOCK; }

    private static void skipFully(InputStream in, long n, long entryIndex) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new IOException("tar archive is truncated inside entry #" + entryIndex, e);
        }
    }

    private static void checkChecksum(byte[] h, long entryIndex) throws IOException {
        long stored = number(h, 148, 8, "checksum", entryIndex);
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xFF;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) throw new IOException("tar header #" + entryIndex
                + " has a bad checksum (stored " + stored + ", computed " + unsigned + "): the archive is corrupt or not a tar file");
    }

    /** An octal number field (NUL/space padded), or a GNU base-256 one. */
    private static long number(byte[] h, int off, int len, String field, long entryIndex) throws IOException {
        if ((h[off] & 0x80) != 0) {   // base-256: big-endian two's complement in the remaining bytes
            if ((h[off] & 0x40) != 0) throw new IOException("tar header #" + entryIndex + " has a negative " + field);
            long v = h[off] & 0x3F;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) throw new IOException("tar header #" + entryIndex + " has an oversized " + field);
                v = (v << 8) | (h[off + i] & 0xFF);
            }
            return v;
        }
        int i = off, end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        long v = 0;
        int digits = 0;
        for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 7) throw new IOException("tar header #" + entryIndex + " has a non-octal " + field + " field");
            v = (v << 3) | d;
            digits++;
        }
        if (digits == 0 && !field.equals("size")) throw new IOException("tar header #" + entryIndex + " has an empty " + field + " field");
        return v;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static boolean startsWith(byte[] h, int off, String s) {
        for (int i = 0; i < s.length(); i++) if (h[off + i] != (byte) s.charAt(i)) return false;
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }
}
