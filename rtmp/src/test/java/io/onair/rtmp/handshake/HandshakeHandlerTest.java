package io.onair.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.onair.rtmp.RtmpProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandshakeHandlerTest {
    private final List<Object> events = new ArrayList<>();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new HandshakeHandler(new SplittableRandom(1), Duration.ofSeconds(5)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        events.add(evt);
                    }
                });
    }

    @Test
    void answersC1ThenRemovesItselfAndPassesOnWhatFollowsC2() {
        EmbeddedChannel ch = channel();
        byte[] c1 = HandshakeDigestTest.knownC1();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}, java.util.Arrays.copyOf(c1, 100)));
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(c1, 100, 1436));
        ByteBuf s0s1s2 = ch.readOutbound();
        assertThat(s0s1s2.readableBytes()).isEqualTo(3073);
        assertThat(s0s1s2.getByte(0)).isEqualTo((byte) 3);
        assertThat(s0s1s2.slice(1537, 1536)).isEqualTo(Unpooled.wrappedBuffer(c1));
        s0s1s2.release();

        byte[] c2AndMore = new byte[1536 + 5];
        c2AndMore[1536] = 0x02;
        ch.writeInbound(Unpooled.wrappedBuffer(c2AndMore));
        assertThat(ch.pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(events).containsExactly(HandshakeCompleted.INSTANCE);
        ByteBuf rest = ch.readInbound();
        assertThat(rest.readableBytes()).isEqualTo(5);
        assertThat(rest.getByte(rest.readerIndex())).isEqualTo((byte) 2);
        rest.release();
        assertFalse(ch.finish());
    }

    @Test
    void refusesOtherVersionsAtTheFirstByte() {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes())))
                .isInstanceOf(DecoderException.class).cause().isInstanceOf(RtmpProtocolException.class)
                .hasMessage("C0 version 71 is not RTMP 3 (is this another protocol on the RTMP port?)");
        EmbeddedChannel rtmpe = channel();
        assertThatThrownBy(() -> rtmpe.writeInbound(Unpooled.wrappedBuffer(new byte[] {6})))
                .cause().hasMessageContaining("RTMPE");
        ch.finishAndReleaseAll();
        rtmpe.finishAndReleaseAll();
    }

    @Test
    void timesOut() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0, 0}));
        ch.advanceTimeBy(6, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThatThrownBy(ch::checkException).isInstanceOf(RtmpProtocolException.class)
                .hasMessage("handshake not completed within 5000 ms");
        assertFalse(ch.finishAndReleaseAll());
    }
}
