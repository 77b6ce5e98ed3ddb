package io.onair.bench.rtmp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of AMF0 a publisher needs: numbers, booleans, strings, null and objects, both ways. Kept here rather
 * than borrowed from the server so the benchmark client is independent of the code it measures.
 */
final class Amf0 {
    /** AMF0 null, distinct from Java null in decoded lists. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Amf0() {
    }

    static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) {
            write(out, v);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        switch (v) {
            case Number n -> {
                out.write(0);
                long bits = Double.doubleToLongBits(n.doubleValue());
                for (int i = 7; i >= 0; i--) {
                    out.write((int) (bits >>> (8 * i)));
                }
            }
            case Boolean b -> {
                out.write(1);
                out.write(b ? 1 : 0);
            }
            case String s -> {
                out.write(2);
                writeUtf8(out, s);
            }
            case Map<?, ?> m -> {
                out.write(3);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    writeUtf8(out, (String) e.getKey());
                    write(out, e.getValue());
                }
                out.write(0);
                out.write(0);
                out.write(9);
            }
            default -> out.write(5); // NULL
        }
    }

    private static void writeUtf8(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    static List<Object> decodeAll(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        List<Object> values = new ArrayList<>();
        while (b.hasRemaining()) {
            values.add(read(b));
        }
        return values;
    }

    private static Object read(ByteBuffer b) {
        int marker = b.get() & 0xff;
        return switch (marker) {
            case 0 -> b.getDouble();
            case 1 -> b.get() != 0;
            case 2 -> readUtf8(b, b.getShort() & 0xffff);
            case 3 -> readProperties(b);
            case 5, 6 -> NULL;
            case 8 -> {
                b.getInt(); // ECMA array: a count hint, then properties like an object
                yield readProperties(b);
            }
            case 10 -> {
                int n = b.getInt();
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(read(b));
                }
                yield list;
            }
            case 11 -> {
                double ms = b.getDouble();
                b.getShort();
                yield ms;
            }
            case 12 -> readUtf8(b, b.getInt());
            default -> throw new IllegalStateException("AMF0 marker " + marker + " not supported by the bench client");
        };
    }

    private static Map<String, Object> readProperties(ByteBuffer b) {
        Map<String, Object> m = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8(b, b.getShort() & 0xffff);
            if (key.isEmpty() && (b.get(b.position()) & 0xff) == 9) {
                b.get();
                return m;
            }
            m.put(key, read(b));
        }
    }

    private static String readUtf8(ByteBuffer b, int length) {
        byte[] s = new byte[length];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
