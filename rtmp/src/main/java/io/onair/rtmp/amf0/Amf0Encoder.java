package io.onair.rtmp.amf0;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes the Java values {@link Amf0Decoder} produces back into AMF0, byte for byte. Any {@link Number} is an
 * AMF0 number; strings longer than 65535 UTF-8 bytes become long strings (AMF0 spec §2.14).
 */
public final class Amf0Encoder {
    private Amf0Encoder() {
    }

    public static void encodeAll(ByteBuf out, List<?> values) {
        for (Object value : values) {
            encode(out, value);
        }
    }

    public static void encode(ByteBuf out, Object value) {
        switch (value) {
            case null -> out.writeByte(Amf0Type.NULL);
            case Amf0Empty e -> out.writeByte(e == Amf0Empty.NULL ? Amf0Type.NULL : Amf0Type.UNDEFINED);
            case Number n -> out.writeByte(Amf0Type.NUMBER).writeDouble(n.doubleValue());
            case Boolean b -> out.writeByte(Amf0Type.BOOLEAN).writeByte(b ? 1 : 0);
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > 0xFFFF) {
                    out.writeByte(Amf0Type.LONG_STRING).writeInt(utf8.length).writeBytes(utf8);
                } else {
                    out.writeByte(Amf0Type.STRING).writeShort(utf8.length).writeBytes(utf8);
                }
            }
            case Amf0EcmaArray a -> {
                out.writeByte(Amf0Type.ECMA_ARRAY).writeInt(a.entries().size());
                writeProperties(out, a.entries());
            }
            case Map<?, ?> m -> {
                out.writeByte(Amf0Type.OBJECT);
                writeProperties(out, m);
            }
            case List<?> list -> {
                out.writeByte(Amf0Type.STRICT_ARRAY).writeInt(list.size());
                list.forEach(v -> encode(out, v));
            }
            case Amf0Date d -> out.writeByte(Amf0Type.DATE).writeDouble(d.epochMillis()).writeShort(d.timeZone());
            default -> throw new IllegalArgumentException("no AMF0 encoding for " + value.getClass().getName());
        }
    }

    private static void writeProperties(ByteBuf out, Map<?, ?> map) {
        map.forEach((k, v) -> {
            byte[] key = k.toString().getBytes(StandardCharsets.UTF_8);
            out.writeShort(key.length).writeBytes(key);
            encode(out, v);
        });
        out.writeShort(0).writeByte(Amf0Type.OBJECT_END);
    }
}
