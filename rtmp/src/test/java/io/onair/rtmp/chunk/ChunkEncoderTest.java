package io.onair.rtmp.chunk;

import static io.onair.rtmp.chunk.ChunkDecoderTest.hex;
import static io.onair.rtmp.chunk.ChunkDecoderTest.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.rtmp.RtmpLimits;
import org.junit.jupiter.api.Test;

/** Messages in, golden chunk bytes out; and back through the decoder. */
class ChunkEncoderTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new ChunkEncoder());

    private String encode(int csid, long timestamp, int type, int streamId, byte[] payload) {
        ch.writeOutbound(new RawMessage(csid, timestamp, type, streamId, Unpooled.wrappedBuffer(payload)));
        ByteBuf out = ch.readOutbound();
        String hex = ByteBufUtil.hexDump(out);
        out.release();
        return hex;
    }

    @Test
    void fmt0ThenFmt3Continuations() {
        assertThat(encode(3, 256, 20, 0, hex(repeat("01", 128) + repeat("02", 128) + repeat("03", 44))))
                .isEqualTo("03" + "000100" + "00012c" + "14" + "00000000" + repeat("01", 128) + "c3"
                        + repeat("02", 128) + "c3" + repeat("03", 44));
    }

    @Test
    void extendedTimestampOnEveryChunk() {
        assertThat(encode(6, 0x0100_0000L, 9, 1, hex(repeat("aa", 200))))
                .isEqualTo("06ffffff0000c80901000000" + "01000000" + repeat("aa", 128) + "c601000000"
                        + repeat("aa", 72));
    }

    @Test
    void longBasicHeaders() {
        assertThat(encode(74, 0, 20, 0, hex("01"))).isEqualTo("000a" + "000000000001140000000001");
        assertThat(encode(400, 0, 20, 0, hex("02"))).isEqualTo("015001" + "000000000001140000000002");
    }

    @Test
    void setChunkSizeAppliesToLaterMessages() {
        assertThat(encode(2, 0, 1, 0, hex("00001000"))).isEqualTo("020000000000040100000000" + "00001000");
        assertThat(encode(3, 0, 20, 0, hex(repeat("ee", 300)))).isEqualTo("0300000000012c1400000000"
                + repeat("ee", 300));
        assertFalse(ch.finish());
    }

    @Test
    void roundTripsThroughTheDecoder() {
        byte[] payload = new byte[10_000];
        new java.util.SplittableRandom(3).nextBytes(payload);
        String chunks = encode(5, 0xFFFF_FFFFL, 9, 1, payload);
        EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.defaults(), 0));
        decoder.writeInbound(Unpooled.wrappedBuffer(hex(chunks)));
        assertThat((Object) decoder.readInbound()).isInstanceOf(VideoMessageHead.class); // 10,000 B: many chunks
        RawMessage m = decoder.readInbound();
        assertThat(m.timestamp()).isEqualTo(0xFFFF_FFFFL);
        assertThat(ByteBufUtil.getBytes(m.content())).isEqualTo(payload);
        m.release();
        assertFalse(decoder.finish());
        assertFalse(ch.finish());
    }
}
