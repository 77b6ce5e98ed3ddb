package io.onair.rtmp.amf0;

import io.netty.buffer.ByteBuf;
import io.onair.rtmp.RtmpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values (AMF0 spec, Adobe 2007) into Java values: {@link Double}, {@link Boolean}, {@link String}
 * (string and long string), {@code Map<String, Object>} (object, insertion ordered), {@link Amf0EcmaArray},
 * {@code List<Object>} (strict array), {@link Amf0Date} and {@link Amf0Empty}.
 *
 * <p>Bounded for hostile input: lengths and counts are checked against the bytes left before anything is
 * allocated, and nesting is limited to {@link #MAX_DEPTH}. Every failure is an {@link RtmpProtocolException}.
 */
public final class Amf0Decoder {
    /** Nesting depth limit: real commands nest two levels; this stops a stack overflow from a hostile peer. */
    static final int MAX_DEPTH = 32;

    private Amf0Decoder() {
    }

    /** Decodes every value until the buffer is empty. */
    public static List<Object> decodeAll(ByteBuf in) {
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(decode(in));
        }
        return values;
    }

    public static Object decode(ByteBuf in) {
        return decode(in, 0);
    }

    private static Object decode(ByteBuf in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new RtmpProtocolException("AMF0 values nested deeper than " + MAX_DEPTH);
        }
        int marker = readUnsignedByte(in);
        return switch (marker) {
            case Amf0Type.NUMBER -> {
                need(in, 8, "number");
                yield in.readDouble();
            }
            case Amf0Type.BOOLEAN -> readUnsignedByte(in) != 0;
            case Amf0Type.STRING -> readUtf8(in, readLength16(in));
            case Amf0Type.LONG_STRING -> {
                need(in, 4, "long string length");
                yield readUtf8(in, in.readUnsignedInt());
            }
            case Amf0Type.OBJECT -> readProperties(in, depth);
            case Amf0Type.NULL -> Amf0Empty.NULL;
            case Amf0Type.UNDEFINED -> Amf0Empty.UNDEFINED;
            case Amf0Type.ECMA_ARRAY -> {
                need(in, 4, "ECMA array count");
                in.skipBytes(4);
                yield new Amf0EcmaArray(readProperties(in, depth));
            }
            case Amf0Type.STRICT_ARRAY -> {
                need(in, 4, "strict array count");
                long count = in.readUnsignedInt();
                if (count > in.readableBytes()) {
                    throw new RtmpProtocolException("AMF0 strict array of " + count + " values in "
                            + in.readableBytes() + " bytes");
                }
                List<Object> list = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    list.add(decode(in, depth + 1));
                }
                yield list;
            }
            case Amf0Type.DATE -> {
                need(in, 10, "date");
                yield new Amf0Date(in.readDouble(), in.readShort());
            }
            case Amf0Type.OBJECT_END -> throw new RtmpProtocolException("AMF0 object end outside an object");
            default -> throw new RtmpProtocolException("AMF0 type marker 0x" + Integer.toHexString(marker)
                    + " is not supported");
        };
    }

    private static Map<String, Object> readProperties(ByteBuf in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8(in, readLength16(in));
            if (key.isEmpty() && in.isReadable() && in.getUnsignedByte(in.readerIndex()) == Amf0Type.OBJECT_END) {
                in.skipBytes(1);
                return map;
            }
            map.put(key, decode(in, depth + 1));
        }
    }

    private static int readLength16(ByteBuf in) {
        need(in, 2, "string length");
        return in.readUnsignedShort();
    }

    private static int readUnsignedByte(ByteBuf in) {
        need(in, 1, "value");
        return in.readUnsignedByte();
    }

    private static String readUtf8(ByteBuf in, long length) {
        need(in, length, "string");
        String s = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
        in.skipBytes((int) length);
        return s;
    }

    private static void need(ByteBuf in, long n, String what) {
        if (in.readableBytes() < n) {
            throw new RtmpProtocolException("AMF0 " + what + " needs " + n + " bytes, " + in.readableBytes()
                    + " left");
        }
    }
}
