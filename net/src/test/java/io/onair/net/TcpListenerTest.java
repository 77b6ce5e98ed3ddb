package io.onair.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The shared listener over real sockets: admission up to the cap, a taken port named, close ends connections. */
class TcpListenerTest {
    /** Answers one byte to whoever connects: proof that the pipeline was set up for that connection. */
    private static void greeter(io.netty.channel.Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('!'));
            }
        });
    }

    @Test
    void admitsUpToTheCapClosesTheNextAndClosesEveryConnectionOnClose() throws Exception {
        TcpListener listener = TcpListener.bind("test", "127.0.0.1", 0, 1, 16, 1, TcpListenerTest::greeter);
        try (Socket first = new Socket("127.0.0.1", listener.port())) {
            first.setSoTimeout(5_000);
            InputStream in = first.getInputStream();
            assertThat(in.read()).isEqualTo('!');
            assertThat(listener.connections()).isEqualTo(1);
            try (Socket second = new Socket("127.0.0.1", listener.port())) {
                second.setSoTimeout(5_000);
                assertThat(second.getInputStream().read()).isEqualTo(-1); // over the cap: closed, never greeted
            }
            listener.close();
            assertThat(in.read()).isEqualTo(-1); // closed with the listener
        }
    }

    @Test
    void aTakenPortIsNamedInTheError() {
        TcpListener first = TcpListener.bind("test", "127.0.0.1", 0, 1, 16, 10, TcpListenerTest::greeter);
        try {
            assertThatThrownBy(() -> TcpListener.bind("RTMP", "127.0.0.1", first.port(), 1, 16, 10,
                    TcpListenerTest::greeter))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen for RTMP on 127.0.0.1:" + first.port()
                            + ": the port is in use (another server, or a second Onair?)");
        } finally {
            first.close();
        }
    }
}
