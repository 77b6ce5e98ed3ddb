package io.onair.rtmp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.onair.rtmp.chunk.RawMessage;
import io.onair.rtmp.message.MessageCodec;
import io.onair.rtmp.message.MessageType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An RTMP publishing client ("push"): restreams a live channel to Twitch, YouTube or another RTMP server, as
 * nginx-rtmp's {@code push} does.
 *
 * <pre>
 * RtmpPushClient push = RtmpPushClient.connect(group, PushTarget.parse(url, key), Duration.ofSeconds(10)).get();
 * push.sendMetadata(metadata);
 * push.sendVideo(ts, avcSequenceHeader); push.sendAudio(ts, aacSequenceHeader);
 * ... push.sendVideo / sendAudio, checking isWritable() or awaitWritable() ...
 * push.close();            // FCUnpublish + deleteStream, then close
 * push.closed().join();    // the connection has ended
 * </pre>
 *
 * <p>Threads: the connection runs on one event loop of the caller's group (epoll or NIO, as
 * {@code io.onair.net.TcpListener} creates them). The {@code send*} methods are for one non-event-loop thread,
 * calling in stream order; they never block: each encodes its message on the calling thread (so the caller's array
 * may be reused once the call returns) and hands it to the channel with a flush per message (a few hundred small
 * writes a second cost nothing next to the media, and nothing waits in a batch). Back-pressure is the caller's:
 * {@link #isWritable()} turns false above {@link #WATER_MARK}'s high mark, {@link #awaitWritable} waits for the low
 * one. A caller that ignores it is stopped at {@link #MAX_QUEUED_BYTES}: the connection fails rather than memory.
 * Futures complete off the event loop, so their continuations may block.
 *
 * <p>After the connection has ended (see {@link #closed()}) or {@link #close()} was called, {@code send*} drop
 * their message silently: a sender racing a close needs no error handling.
 */
public final class RtmpPushClient implements AutoCloseable {
    /**
     * Low 1 MiB, high 4 MiB: about 4 s of an 8 Mbit/s stream may wait for the network before the sender is told to
     * hold back, enough for a burst (a keyframe, a brief stall) without dropping, small enough that a push falling
     * behind is noticed within seconds and memory per push stays bounded.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);
    /** Queued bytes at which a sender that ignores writability is cut off: 16 times the high water mark. */
    static final long MAX_QUEUED_BYTES = 64L << 20;
    /** RTMP's message length field is 24 bits (RTMP spec 5.3.1.2.1). */
    static final int MAX_BODY = 0xFFFFFF;
    /** Name lookups block; they run here rather than on an event loop that also carries live ingest. */
    private static final Executor RESOLVER = resolver();

    private final Channel channel;
    private final PushSession session;
    private final ByteCounter bytes;
    private final WritabilityGate gate;
    private final int streamId;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();

    private RtmpPushClient(Channel channel, PushSession session, ByteCounter bytes,
            WritabilityGate gate, int streamId) {
        this.channel = channel;
        this.session = session;
        this.bytes = bytes;
        this.gate = gate;
        this.streamId = streamId;
        session.ended().whenCompleteAsync((ok, error) -> {
            if (error == null) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(unwrap(error));
            }
        });
    }

    /**
     * Connects (TLS for rtmps://, with SNI and certificate host name check), handshakes, sends Set Chunk Size 4096,
     * {@code connect}, {@code releaseStream}, {@code FCPublish}, {@code createStream} and {@code publish(key,
     * "live")}, and completes at {@code onStatus NetStream.Publish.Start}.
     *
     * <p>Fails with an {@link RtmpPushException} when the host cannot be resolved or reached, the server refuses
     * (an {@code _error}, or an onStatus of level "error": the message carries its code and description, e.g.
     * "refused: NetStream.Publish.BadName (Stream key is wrong)"), the server breaks the protocol, the connection
     * closes before Publish.Start, or {@code timeout} passes first ("no answer within N s (waiting for …)"). The
     * time-out covers all of it, name lookup included. Cancelling the returned future closes the connection.
     *
     * @param group the caller's event loops (epoll or NIO); the connection uses one of them
     */
    public static CompletableFuture<RtmpPushClient> connect(EventLoopGroup group, PushTarget target,
            Duration timeout) {
        return connect(group, target, timeout, null);
    }

    /**
     * As {@link #connect(EventLoopGroup, PushTarget, Duration)}, trusting {@code tls} for rtmps:// instead of the
     * JDK's trust store (null: the JDK's). For a test's own certificate authority.
     */
    static CompletableFuture<RtmpPushClient> connect(EventLoopGroup group, PushTarget target, Duration timeout,
            SslContext tls) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        long start = System.nanoTime();
        CompletableFuture<RtmpPushClient> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> resolve(target.host()), RESOLVER)
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((address, error) -> {
                    if (error != null) {
                        Throwable cause = unwrapCompletion(error);
                        result.completeExceptionally(cause instanceof TimeoutException
                                ? new RtmpPushException("no answer within " + PushSession.seconds(timeout)
                                        + " (waiting for the name lookup of " + target.host() + ")")
                                : unwrap(cause));
                        return;
                    }
                    Duration left = timeout.minusNanos(System.nanoTime() - start);
                    if (!result.isDone()) {
                        open(group.next(), target, address, timeout, left.isNegative() ? Duration.ZERO : left,
                                tls, result);
                    }
                });
        return result;
    }

    private static void open(EventLoop loop, PushTarget target, InetAddress address, Duration timeout,
            Duration left, SslContext tls, CompletableFuture<RtmpPushClient> result) {
        SslContext ssl;
        try {
            ssl = !target.tls() ? null : tls != null ? tls : ClientTls.context();
        } catch (Exception e) {
            result.completeExceptionally(new RtmpPushException("cannot set up TLS: " + e.getMessage(), e));
            return;
        }
        PushSession session = new PushSession(target, timeout, left);
        ByteCounter bytes = new ByteCounter();
        WritabilityGate gate = new WritabilityGate();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(socketChannelType(loop))
                // A little later than the session's deadline, so that its "no answer within" message wins.
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(left.toMillis() + 1000, 600_000))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        PushPipeline.init(ch, target, ssl, left.plusSeconds(1), bytes, gate, session,
                                ThreadLocalRandom.current());
                    }
                });
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(address, target.port()));
        Channel channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                session.connectFailed(f.cause());
            }
        });
        // A caller that cancels (or a failure) closes the connection.
        result.whenComplete((client, error) -> {
            if (error != null) {
                channel.close();
            }
        });
        session.published().whenCompleteAsync((streamId, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
                return;
            }
            RtmpPushClient client = new RtmpPushClient(channel, session, bytes, gate, streamId);
            if (!result.complete(client)) {
                client.close();
            }
        });
    }

    /** {@code @setDataFrame onMetaData} with {@code values} as an ECMA array, on the publish stream at time 0. */
    public void sendMetadata(Map<String, Object> values) {
        Objects.requireNonNull(values, "values");
        if (!accepting()) {
            return;
        }
        RawMessage raw = MessageCodec.encode(PushCommands.metadata(streamId, values), channel.alloc());
        write(PushMessageEncoder.withChunkStream(raw, PushChunkStreams.DATA));
    }

    /**
     * One FLV video tag body (FLV spec E.4.3: frame type/codec byte, AVCPacketType, composition time, data).
     *
     * @param timestampMs the decoding time in milliseconds; sent modulo 2^32 (RTMP timestamps wrap)
     * @throws IllegalArgumentException if the body exceeds RTMP's 16 MiB message limit
     */
    public void sendVideo(long timestampMs, byte[] flvVideoTagBody) {
        sendMedia(PushChunkStreams.VIDEO, MessageType.VIDEO, timestampMs, flvVideoTagBody);
    }

    /**
     * One FLV audio tag body (FLV spec E.4.2: 0xAF, AACPacketType, data).
     *
     * @param timestampMs milliseconds; sent modulo 2^32
     * @throws IllegalArgumentException if the body exceeds RTMP's 16 MiB message limit
     */
    public void sendAudio(long timestampMs, byte[] flvAudioTagBody) {
        sendMedia(PushChunkStreams.AUDIO, MessageType.AUDIO, timestampMs, flvAudioTagBody);
    }

    private void sendMedia(int chunkStream, int type, long timestampMs, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("a media message of " + body.length
                    + " bytes exceeds RTMP's limit of " + MAX_BODY);
        }
        if (!accepting()) {
            return;
        }
        ByteBuf payload = channel.alloc().buffer(body.length).writeBytes(body);
        write(new RawMessage(chunkStream, timestampMs, type, streamId, payload));
    }

    private boolean accepting() {
        if (closeRequested.get() || !channel.isActive()) {
            return false;
        }
        if (channel.bytesBeforeWritable() > MAX_QUEUED_BYTES - WATER_MARK.low()) {
            if (overflowed.compareAndSet(false, true)) {
                RtmpPushException e = new RtmpPushException("the server is not taking the stream: "
                        + (MAX_QUEUED_BYTES >> 20) + " MiB are waiting to be sent");
                channel.eventLoop().execute(() -> session.fail(e));
            }
            return false;
        }
        return true;
    }

    /** Write failures (a reset, a broken pipe) reach the session's exceptionCaught through the void promise. */
    private void write(RawMessage message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /** Netty channel writability: the outbound buffer is under its high water mark (4 MiB). */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /**
     * Waits on the caller's thread (never an event loop) until the channel is writable again.
     *
     * @return true when writable; false on time-out or when the connection is closed
     * @throws IllegalStateException if called on the connection's event loop, which it would block
     */
    public boolean awaitWritable(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return !closeRequested.get() && gate.await(channel, timeout);
    }

    /**
     * Completes when the connection has ended: normally after {@link #close()}, exceptionally with an
     * {@link RtmpPushException} saying why otherwise (the server closed the connection or ended the stream, the
     * connection was lost, the server broke the protocol). Completes off the event loop.
     */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Bytes the socket has taken so far (after TLS: what went on the wire). */
    public long bytesSent() {
        return bytes.bytes();
    }

    /**
     * Sends FCUnpublish and deleteStream after what is queued, then closes (at the latest {@link
     * PushSession#CLOSE_GRACE} later). Does not wait: {@link #closed()} completes when the connection has ended.
     * Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.eventLoop().execute(session::closeGracefully);
        } catch (RuntimeException e) {
            // The event loop is shutting down; the channel goes with it.
            try {
                channel.close();
            } catch (RuntimeException ignored) {
                // nothing more to do
            }
            closed.complete(null);
        }
    }

    private static Class<? extends SocketChannel> socketChannelType(EventLoop loop) {
        if (loop instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollSocketChannel.class;
        }
        return NioSocketChannel.class;
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CompletionException(new RtmpPushException("cannot find the server " + host
                    + " (the name does not resolve)", e));
        }
    }

    private static Executor resolver() {
        ThreadFactory threads = Thread.ofVirtual().name("rtmp-push-resolve-", 0).factory();
        return command -> threads.newThread(command).start();
    }

    private static Throwable unwrapCompletion(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static RtmpPushException unwrap(Throwable t) {
        Throwable cause = unwrapCompletion(t);
        return cause instanceof RtmpPushException e ? e
                : new RtmpPushException(String.valueOf(cause.getMessage()), cause);
    }
}
