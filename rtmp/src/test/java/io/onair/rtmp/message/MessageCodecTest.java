package io.onair.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.chunk.RawMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each record to golden payload bytes and back. */
class MessageCodecTest {
    static List<Arguments> golden() {
        return List.of(
                Arguments.of(new SetChunkSize(4096), 1, 2, "00001000"),
                Arguments.of(new AbortMessage(4), 2, 2, "00000004"),
                Arguments.of(new Acknowledgement(0xFFFF_FFFEL), 3, 2, "fffffffe"),
                Arguments.of(new StreamBegin(1), 4, 2, "000000000001"),
                Arguments.of(new StreamEof(1), 4, 2, "000100000001"),
                Arguments.of(new SetBufferLength(1, 3000), 4, 2, "00030000000100000bb8"),
                Arguments.of(new PingRequest(77), 4, 2, "00060000004d"),
                Arguments.of(new PingResponse(77), 4, 2, "00070000004d"),
                Arguments.of(new OtherUserControl(0x1f, new byte[] {9}), 4, 2, "001f09"),
                Arguments.of(new WindowAckSize(2_500_000), 5, 2, "002625a0"),
                Arguments.of(new SetPeerBandwidth(2_500_000, 2), 6, 2, "002625a002"),
                Arguments.of(new CommandMessage(0, "_result", 4, Amf0Empty.NULL, List.of(1.0)), 20, 3,
                        "0200075f726573756c74" + "004010000000000000" + "05" + "003ff0000000000000"),
                Arguments.of(new CommandMessage(1, "onStatus", 0, Amf0Empty.NULL,
                                List.of(Map.of("level", "status"))), 20, 5,
                        "0200086f6e537461747573" + "000000000000000000" + "05"
                                + "03" + "00056c6576656c" + "020006737461747573" + "000009"),
                Arguments.of(new DataMessage(1, 0, List.of("onMetaData", Amf0Empty.NULL)), 18, 5,
                        "02000a6f6e4d65746144617461" + "05"),
                Arguments.of(new AudioMessage(1, 23, new byte[] {(byte) 0xaf, 1, 2}), 8, 6, "af0102"),
                Arguments.of(new VideoMessage(1, 23, new byte[] {0x17, 1}), 9, 7, "1701"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void encodesAndDecodesBack(RtmpMessage message, int type, int csid, String payload) {
        RawMessage raw = MessageCodec.encode(message, ByteBufAllocator.DEFAULT);
        try {
            assertThat(raw.typeId()).isEqualTo(type);
            assertThat(raw.chunkStreamId()).isEqualTo(csid);
            assertThat(raw.streamId()).isEqualTo(message.streamId());
            assertThat(ByteBufUtil.hexDump(raw.content())).isEqualTo(payload);
            assertThat(MessageCodec.decode(raw)).isEqualTo(message);
        } finally {
            raw.release();
        }
    }

    @Test
    void amf3CommandIsReadAsAmf0BehindItsFormatByte() {
        RawMessage raw = new RawMessage(3, 0, 17, 0, Unpooled.wrappedBuffer(HexFormat.of()
                .parseHex("00" + "02000c63726561746553747265616d" + "004000000000000000" + "05")));
        assertThat(MessageCodec.decode(raw)).isEqualTo(new CommandMessage(0, "createStream", 2, Amf0Empty.NULL,
                List.of()));
        raw.release();
    }

    @Test
    void sharedObjectsAndAggregatesAreRecognisedAndIgnored() {
        for (int type : new int[] {16, 19, 22, 99}) {
            RawMessage raw = new RawMessage(3, 0, type, 1, Unpooled.wrappedBuffer(new byte[3]));
            assertThat(MessageCodec.decode(raw)).isEqualTo(new IgnoredMessage(type, 1, 3));
            raw.release();
        }
    }
}
