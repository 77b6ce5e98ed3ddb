package io.onair.rtmp.testing;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.rtmp.IngestHandler;
import io.onair.rtmp.RtmpChannelInitializer;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.RtmpMessage;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The server's real pipeline in an {@link EmbeddedChannel}, and helpers to feed it. */
public final class Pipelines {
    private Pipelines() {
    }

    public static EmbeddedChannel server(IngestHandler handler) {
        return server(handler, RtmpLimits.defaults());
    }

    public static EmbeddedChannel server(IngestHandler handler, RtmpLimits limits) {
        return new EmbeddedChannel(new RtmpChannelInitializer(limits, handler));
    }

    /** Writes {@code bytes} in pieces of random size, as TCP would deliver them. */
    public static void feed(EmbeddedChannel ch, byte[] bytes, int from, int to, RandomGenerator random) {
        int at = from;
        while (at < to && ch.isOpen()) {
            int n = Math.min(to - at, 1 + random.nextInt(16_384));
            ch.writeInbound(Unpooled.copiedBuffer(bytes, at, n));
            at += n;
        }
    }

    /** A message's shape for structural comparison: the command name and status code, or the record type. */
    public static String shape(RtmpMessage m) {
        if (m instanceof CommandMessage c) {
            String code = c.arguments().isEmpty() || !(c.arguments().get(0) instanceof Map<?, ?> info)
                    ? "" : " " + info.get("code");
            return c.name() + code;
        }
        return m.getClass().getSimpleName();
    }
}
