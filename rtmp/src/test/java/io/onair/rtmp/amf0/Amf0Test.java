package io.onair.rtmp.amf0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.onair.rtmp.RtmpProtocolException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

/** Golden AMF0 bytes (AMF0 spec §2) decoded to values and encoded back to the same bytes. */
class Amf0Test {
    static List<Arguments> golden() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", "live");
        object.put("n", 1.0);
        Map<String, Object> ecma = new LinkedHashMap<>();
        ecma.put("width", 1280.0);
        return List.of(
                Arguments.of("number", "003ff0000000000000", 1.0),
                Arguments.of("boolean", "0101", true),
                Arguments.of("string", "0200046c697665", "live"),
                Arguments.of("utf-8 string", "020002c3a9", "é"),
                Arguments.of("object", "03" + "0003617070" + "0200046c697665" + "00016e" + "003ff0000000000000"
                        + "000009", object),
                Arguments.of("null", "05", Amf0Empty.NULL),
                Arguments.of("undefined", "06", Amf0Empty.UNDEFINED),
                Arguments.of("ecma array", "08" + "00000001" + "0005" + "7769647468" + "004094000000000000"
                        + "000009", new Amf0EcmaArray(ecma)),
                Arguments.of("strict array", "0a" + "00000002" + "003ff0000000000000" + "05",
                        List.of(1.0, Amf0Empty.NULL)),
                Arguments.of("date", "0b" + "4276da1cc8c00000" + "0000", new Amf0Date(1.5703776e12, (short) 0)),
                Arguments.of("empty object", "03000009", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodesAndEncodesBack(String name, String hex, Object value) {
        ByteBuf in = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        assertThat(Amf0Decoder.decode(in)).isEqualTo(value);
        assertThat(in.isReadable()).isFalse();
        ByteBuf out = Unpooled.buffer();
        Amf0Encoder.encode(out, value);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex);
    }

    @Test
    void longStringBothWays() {
        String s = "x".repeat(70_000);
        ByteBuf out = Unpooled.buffer();
        Amf0Encoder.encode(out, s);
        assertThat(out.getUnsignedByte(0)).isEqualTo((short) 0x0C);
        assertThat(out.getInt(1)).isEqualTo(70_000);
        assertThat(Amf0Decoder.decode(out)).isEqualTo(s);
    }

    @Test
    void ecmaArrayCountIsOnlyAHint() {
        // Flash Media Live Encoder writes 0 as the count
        ByteBuf in = Unpooled.wrappedBuffer(HexFormat.of().parseHex("08000000000001610101000009"));
        assertThat(Amf0Decoder.decode(in)).isEqualTo(new Amf0EcmaArray(Map.of("a", true)));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertError("02ffff41", "AMF0 string needs 65535 bytes, 1 left");
        assertError("0aff000000", "AMF0 strict array of 4278190080 values in 0 bytes");
        assertError("10", "AMF0 type marker 0x10 is not supported");
        assertError("11", "AMF0 type marker 0x11 is not supported");
        assertError("09", "AMF0 object end outside an object");
        assertError("00 3ff0", "AMF0 number needs 8 bytes, 2 left");
        assertError("030001", "AMF0 string needs 1 bytes, 0 left");
        assertError("0a00000001".repeat(40), "AMF0 values nested deeper than 32");
    }

    private static void assertError(String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
        assertThatThrownBy(() -> Amf0Decoder.decode(in)).isInstanceOf(RtmpProtocolException.class)
                .hasMessage(message);
    }
}
