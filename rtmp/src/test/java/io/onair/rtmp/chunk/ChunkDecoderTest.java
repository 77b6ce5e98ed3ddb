package io.onair.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.RtmpProtocolException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Golden chunk streams in, messages out (RTMP spec 5.3.1, with the examples of 5.3.2). */
class ChunkDecoderTest {
    private final List<Object> events = new ArrayList<>();
    private final List<RawMessage> decoded = new ArrayList<>();
    private final List<VideoMessageHead> heads = new ArrayList<>();
    private EmbeddedChannel ch = channel(RtmpLimits.defaults(), 0);

    private EmbeddedChannel channel(RtmpLimits limits, long window) {
        return new EmbeddedChannel(new ChunkDecoder(limits, window), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
    }

    @AfterEach
    void release() {
        decoded.forEach(RawMessage::release);
        assertFalse(ch.finish());
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    static String repeat(String byteHex, int n) {
        return byteHex.repeat(n);
    }

    private List<RawMessage> feed(String hex) {
        return feed(hex(hex));
    }

    private void feedWhole(String hex) {
        ch.writeInbound(Unpooled.wrappedBuffer(hex(hex)));
        for (Object m; (m = ch.readInbound()) != null; ) {
            collect(m);
        }
    }

    /** Messages go to {@link #decoded}, heads of video messages still arriving to {@link #heads}. */
    private Object collect(Object m) {
        if (m instanceof VideoMessageHead h) {
            heads.add(h);
            return null;
        }
        decoded.add((RawMessage) m);
        return m;
    }

    private List<RawMessage> feed(byte[] bytes) {
        // one byte at a time: every header boundary is a "not enough bytes yet" case
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        List<RawMessage> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (collect(m) instanceof RawMessage raw) {
                out.add(raw);
            }
        }
        return out;
    }

    private static String payload(RawMessage m) {
        return ByteBufUtil.hexDump(m.content());
    }

    @Test
    void fmt0() {
        List<RawMessage> out = feed("03 000100 000005 14 00000000 68656c6c6f");
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.chunkStreamId()).isEqualTo(3);
            assertThat(m.timestamp()).isEqualTo(256);
            assertThat(m.typeId()).isEqualTo(20);
            assertThat(m.streamId()).isZero();
            assertThat(payload(m)).isEqualTo("68656c6c6f");
        });
    }

    @Test
    void fmt1Fmt2AndFmt3ReuseTheHeaderAndAddDeltas() {
        List<RawMessage> out = feed("""
                04 0003e8 000002 08 01000000 aabb
                84 000014 ccdd
                c4 eeff
                44 00000a 000001 09 11
                c4 22
                """);
        assertThat(out).extracting(RawMessage::timestamp).containsExactly(1000L, 1020L, 1040L, 1050L, 1060L);
        assertThat(out).extracting(RawMessage::typeId).containsExactly(8, 8, 8, 9, 9);
        assertThat(out).extracting(RawMessage::streamId).containsOnly(1);
        assertThat(out).extracting(ChunkDecoderTest::payload).containsExactly("aabb", "ccdd", "eeff", "11", "22");
    }

    @Test
    void fmt3AfterFmt0RepeatsTheFmt0TimestampAsDelta() {
        // ffmpeg and SRS: the fmt 0 field doubles as the delta a following fmt 3 message adds
        List<RawMessage> out = feed("04 000064 000001 08 01000000 aa c4 bb");
        assertThat(out).extracting(RawMessage::timestamp).containsExactly(100L, 200L);
    }

    @Test
    void splitsAtTheDefaultChunkSizeOf128() {
        List<RawMessage> out = feed("06 000000 00012c 09 01000000" + repeat("01", 128) + "c6" + repeat("02", 128)
                + "c6" + repeat("03", 44));
        assertThat(out).singleElement().satisfies(m ->
                assertThat(payload(m)).isEqualTo(repeat("01", 128) + repeat("02", 128) + repeat("03", 44)));
    }

    @Test
    void theHeadOfAVideoMessageGoesAheadOnceWhileTheRestIsToCome() {
        // Fed a byte at a time: a video message's head goes up once, as soon as its first 8 bytes are in and more
        // are to come (a 300-byte message in three chunks, a 10-byte one); an audio message's never.
        String body = "17 01 000043 aabbccdd" + repeat("01", 119);
        List<RawMessage> out = feed("06 0003e8 00012c 09 01000000" + body + "c6" + repeat("02", 128)
                + "c6" + repeat("03", 44)
                + "04 0003e8 000096 08 01000000" + repeat("b1", 128) + "c4" + repeat("b2", 22)
                + "06 0003f0 00000a 09 01000000 27010000000102030405");
        assertThat(heads).extracting(VideoMessageHead::timestamp).containsExactly(1000L, 1008L);
        assertThat(heads.getFirst()).satisfies(h -> {
            assertThat(h.chunkStreamId()).isEqualTo(6);
            assertThat(h.streamId()).isEqualTo(1);
            assertThat(HexFormat.of().formatHex(h.head())).isEqualTo("1701000043aabbcc");
        });
        assertThat(out).extracting(RawMessage::typeId).containsExactly(9, 8, 9);
        assertThat(payload(out.getFirst())).startsWith("1701000043aabbccdd");
    }

    @Test
    void aVideoMessageThatArrivesWholeHasNoHead() {
        feedWhole("06 0003e8 00000a 09 01000000 27010000000102030405");
        assertThat(heads).isEmpty();
        assertThat(decoded).singleElement().satisfies(m -> assertThat(m.typeId()).isEqualTo(9));
    }

    @Test
    void theHeadComesBeforeTheMessageInOneRead() {
        ch.writeInbound(Unpooled.wrappedBuffer(hex("06 0007d0 0000c8 09 01000000 17010000" + repeat("01", 124)
                + "c6" + repeat("02", 72))));
        List<Object> order = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            order.add(m);
            collect(m);
        }
        assertThat(order).hasSize(2);
        assertThat(order.get(0)).isInstanceOf(VideoMessageHead.class);
        assertThat(order.get(1)).isInstanceOf(RawMessage.class);
    }

    @Test
    void extendedTimestampIsRepeatedOnContinuationChunks() {
        List<RawMessage> out = feed("06 ffffff 0000c8 09 01000000 01000000" + repeat("aa", 128)
                + "c6 01000000" + repeat("bb", 72));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.timestamp()).isEqualTo(0x0100_0000L);
            assertThat(payload(m)).isEqualTo(repeat("aa", 128) + repeat("bb", 72));
        });
    }

    @Test
    void extendedTimestampMissingOnAContinuationChunkIsReadAsPayload() {
        List<RawMessage> out = feed("06 ffffff 0000c8 09 01000000 01000000" + repeat("aa", 128)
                + "c6" + repeat("bb", 72));
        assertThat(out).singleElement().satisfies(m -> assertThat(payload(m))
                .isEqualTo(repeat("aa", 128) + repeat("bb", 72)));
    }

    @Test
    void extendedTimestampOnANewFmt3MessageAddsTheDelta() {
        List<RawMessage> out = feed("""
                04 0003e8 000001 08 01000000 aa
                84 ffffff 01000000 bb
                c4 01000000 cc
                """);
        assertThat(out).extracting(RawMessage::timestamp)
                .containsExactly(1000L, 1000L + 0x0100_0000L, 1000L + 0x0200_0000L);
    }

    @Test
    void interleavedChunkStreams() {
        List<RawMessage> out = feed("04 000000 0000c8 09 01000000" + repeat("a1", 128)
                + "06 000005 000096 08 01000000" + repeat("b1", 128)
                + "c4" + repeat("a2", 72)
                + "c6" + repeat("b2", 22));
        assertThat(out).extracting(RawMessage::chunkStreamId).containsExactly(4, 6);
        assertThat(payload(out.get(0))).isEqualTo(repeat("a1", 128) + repeat("a2", 72));
        assertThat(payload(out.get(1))).isEqualTo(repeat("b1", 128) + repeat("b2", 22));
    }

    @Test
    void twoAndThreeByteBasicHeaders() {
        List<RawMessage> out = feed("00 0a 000000 000001 14 00000000 01  01 5001 000000 000001 14 00000000 02");
        assertThat(out).extracting(RawMessage::chunkStreamId).containsExactly(74, 400);
    }

    @Test
    void setChunkSizeAppliesToTheNextChunk() {
        List<RawMessage> out = feed("02 000000 000004 01 00000000 00001000"
                + "06 000000 00012c 09 01000000" + repeat("cc", 300));
        assertThat(out).hasSize(2);
        assertThat(out.get(1).content().readableBytes()).isEqualTo(300);
        assertThat(((ChunkDecoder) ch.pipeline().first()).chunkSize()).isEqualTo(4096);
    }

    @Test
    void abortDiscardsThePartialMessage() {
        List<RawMessage> out = feed("04 000000 0000c8 09 01000000" + repeat("aa", 128)
                + "02 000000 000004 02 00000000 00000004"
                + "04 000000 000002 09 01000000 bbcc");
        assertThat(out).extracting(RawMessage::typeId).containsExactly(2, 9);
        assertThat(payload(out.get(1))).isEqualTo("bbcc");
    }

    @Test
    void acknowledgementDueWhenTheWindowIsPassed() {
        ch.finish();
        ch = channel(RtmpLimits.defaults(), 20);
        feedWhole("03 000000 000005 14 00000000 6869686968"); // 17 bytes
        assertThat(events).isEmpty();
        feedWhole("03 000000 000005 14 00000000 6869686968"); // 34
        assertThat(events).containsExactly(new AckDue(34));
        feedWhole("02 000000 000004 05 00000000 00000064"); // the peer sets 100; 50 bytes so far
        feedWhole("03 000000 000005 14 00000000 6869686968"); // 67
        assertThat(events).hasSize(1);
    }

    @Test
    void aFirstChunkMustBeFmt0() {
        assertProtocolError("44 000000 000001 09 aa",
                "chunk stream 4 starts with a fmt 1 header, which needs a previous header");
    }

    @Test
    void aNewHeaderMayNotInterruptAMessage() {
        assertProtocolError("04 000000 0000c8 09 01000000" + repeat("aa", 128) + "84 000000",
                "fmt 2 chunk on chunk stream 4 interrupts a 200-byte message with 72 bytes to go");
    }

    @Test
    void messagesOverTheLimitAreRefused() {
        ch.finish();
        ch = channel(RtmpLimits.defaults().withMaxMessageSize(1024), 0);
        assertProtocolError("04 000000 000401 09 01000000",
                "message of 1025 bytes (type 9) exceeds the limit of 1024");
    }

    @Test
    void chunkSizeOutOfRangeIsRefused() {
        assertProtocolError("02 000000 000004 01 00000000 00000000", "Set Chunk Size 0 is outside 1..16777215");
    }

    @Test
    void tooManyChunkStreams() {
        StringBuilder s = new StringBuilder();
        for (int csid = 3; csid < 3 + 65; csid++) {
            s.append(String.format("00%02x 000000 000001 14 00000000 01", csid - 64 < 0 ? 0 : csid - 64)
                    .replaceFirst("^00..", csid < 64 ? String.format("%02x", csid) : String.format("00%02x", csid - 64)));
        }
        assertProtocolError(s.toString(), "more than 64 chunk streams open");
    }

    @Test
    void afterAnErrorInputIsDiscarded() {
        assertProtocolError("44 000000 000001 09 aa", "chunk stream 4 starts with a fmt 1 header, which needs a previous header");
        ch.writeInbound(Unpooled.wrappedBuffer(hex("03 000000 000001 14 00000000 01")));
        assertThat((Object) ch.readInbound()).isNull();
    }

    private void assertProtocolError(String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(hex(hex));
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(RtmpProtocolException.class).hasMessage(message);
        for (Object m; (m = ch.readInbound()) != null; ) {
            collect(m);
        }
    }
}
