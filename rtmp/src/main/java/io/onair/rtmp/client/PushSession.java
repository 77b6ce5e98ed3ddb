package io.onair.rtmp.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.onair.rtmp.RtmpProtocolException;
import io.onair.rtmp.chunk.AckDue;
import io.onair.rtmp.handshake.HandshakeCompleted;
import io.onair.rtmp.message.Acknowledgement;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.PingRequest;
import io.onair.rtmp.message.PingResponse;
import io.onair.rtmp.message.SetChunkSize;
import io.onair.rtmp.message.SetPeerBandwidth;
import io.onair.rtmp.message.WindowAckSize;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of NetConnection and NetStream for publishing, the last handler of the push pipeline. Runs on
 * the connection's event loop; {@link #closeGracefully()} and {@link #fail} are called there too.
 *
 * <p>The exchange, as OBS (librtmp) and ffmpeg go through it: after the handshake, Set Chunk Size 4096 and
 * {@code connect}; on its {@code _result}, {@code releaseStream}, {@code FCPublish} and {@code createStream}; on
 * createStream's {@code _result} (the stream id), {@code publish(name, "live")} on that stream; done at
 * {@code onStatus NetStream.Publish.Start}. An {@code _error} to connect, createStream or publish, or any onStatus
 * of level "error", ends it with the server's code and description. Along the way: Acknowledgements when the
 * server's window is due (RTMP spec 5.4.3), a Window Acknowledgement Size answering Set Peer Bandwidth (5.4.5),
 * PingResponse to PingRequest (7.1.7). Other commands (onBWDone, _checkbw, onFCPublish…) are ignored.
 *
 * <p>One deadline covers everything up to Publish.Start: TCP, TLS, handshake and commands.
 */
final class PushSession extends ChannelInboundHandlerAdapter {
    /** 4096 as OBS sends: 32 times fewer chunk headers than the default 128, small enough to interleave. */
    static final int CHUNK_SIZE = 4096;
    /**
     * How long a close waits for FCUnpublish/deleteStream to be written before it closes anyway: behind a full
     * outbound buffer (4 MiB) on a slow link they may never get out, and a close must end.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(PushSession.class);

    private final PushTarget target;
    private final Duration timeout;
    private final Duration deadline;
    private final CompletableFuture<Integer> published = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private Channel channel;
    private PushState state = PushState.HANDSHAKE;
    private ScheduledFuture<?> timer;
    private boolean tlsDone;
    private double nextTransaction = 1;
    private double connectTransaction = -1;
    private double createStreamTransaction = -1;
    private double publishTransaction = -1;
    private int streamId = -1;
    private long windowSent = -1;
    private RtmpPushException failure;
    private boolean closedByUser;

    /**
     * @param timeout  the time-out as the caller gave it, for the message
     * @param deadline what is left of it for this connection (DNS took the rest)
     */
    PushSession(PushTarget target, Duration timeout, Duration deadline) {
        this.target = target;
        this.timeout = timeout;
        this.deadline = deadline;
    }

    /** Completes (on the event loop) with the publish stream id at Publish.Start, or fails with a reason. */
    CompletableFuture<Integer> published() {
        return published;
    }

    /** Completes (on the event loop) when the connection has closed: normally after {@link #closeGracefully()}. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        timer = ctx.executor().schedule(this::timedOut, deadline.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> onClosed());
    }

    private void timedOut() {
        if (state.awaiting == null) {
            return;
        }
        String awaiting = !channel.isActive() ? "the TCP connection to " + target.host() + ":" + target.port()
                : target.tls() && !tlsDone ? "the TLS handshake" : state.awaiting;
        fail(new RtmpPushException("no answer within " + seconds(timeout) + " (waiting for " + awaiting + ")"));
    }

    /** The TCP connection could not be made (refused, unreachable, timed out) or not even registered. */
    void connectFailed(Throwable cause) {
        RtmpPushException e = new RtmpPushException("cannot connect to " + target.host() + ":" + target.port()
                + ": " + reason(cause), cause);
        if (channel == null) {
            // Never registered (the event loop is shutting down): no close will follow to complete the futures.
            failure = e;
            published.completeExceptionally(e);
            ended.completeExceptionally(e);
            return;
        }
        fail(e);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HandshakeCompleted.INSTANCE) {
            if (state == PushState.HANDSHAKE) {
                state = PushState.CONNECT;
                ctx.write(new SetChunkSize(CHUNK_SIZE));
                connectTransaction = nextTransaction++;
                ctx.writeAndFlush(PushCommands.connect(connectTransaction, target));
            }
        } else if (evt instanceof AckDue ack) {
            ctx.writeAndFlush(new Acknowledgement(ack.sequenceNumber()));
        } else if (evt instanceof SslHandshakeCompletionEvent tls) {
            if (tls.isSuccess()) {
                tlsDone = true;
            } else {
                fail(new RtmpPushException(tlsFailure(tls.cause()), tls.cause()));
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == PushState.CLOSING) {
                return;
            }
            switch (msg) {
                case CommandMessage m -> onCommand(ctx, m);
                case PingRequest m -> ctx.writeAndFlush(new PingResponse(m.pingTimestamp()));
                case SetPeerBandwidth m -> {
                    if (m.size() != windowSent) {
                        windowSent = m.size();
                        ctx.writeAndFlush(new WindowAckSize(m.size()));
                    }
                }
                default -> {
                    // Set Chunk Size, Window Acknowledgement Size and Abort are applied by the chunk decoder; the
                    // rest (acknowledgements, StreamBegin, anything a server sends a publisher) needs no answer.
                }
            }
        } catch (RtmpProtocolException e) {
            fail(new RtmpPushException("protocol error from the server: " + printable(e.getMessage()), e));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, CommandMessage m) {
        switch (m.name()) {
            case "_result" -> onResult(ctx, m);
            case "_error" -> onError(m);
            case "onStatus" -> onStatus(m);
            default -> LOG.debug("push to {}: ignored {} from the server", target.describe(), printable(m.name()));
        }
    }

    private void onResult(ChannelHandlerContext ctx, CommandMessage m) {
        if (state == PushState.CONNECT && m.transactionId() == connectTransaction) {
            state = PushState.CREATE_STREAM;
            ctx.write(PushCommands.releaseStream(nextTransaction++, target.streamName()));
            ctx.write(PushCommands.fcPublish(nextTransaction++, target.streamName()));
            createStreamTransaction = nextTransaction++;
            ctx.writeAndFlush(PushCommands.createStream(createStreamTransaction));
        } else if (state == PushState.CREATE_STREAM && m.transactionId() == createStreamTransaction) {
            Object id = m.argument(0).orElse(null);
            if (!(id instanceof Double d) || d < 0 || d > Integer.MAX_VALUE || d != Math.floor(d)) {
                throw new RtmpProtocolException("createStream was answered without a stream id (" + id + ")");
            }
            streamId = d.intValue();
            state = PushState.PUBLISH;
            publishTransaction = nextTransaction++;
            ctx.writeAndFlush(PushCommands.publish(streamId, publishTransaction, target.streamName()));
        }
        // Answers to releaseStream and FCPublish (where a server sends any) carry nothing.
    }

    private void onError(CommandMessage m) {
        double txn = m.transactionId();
        boolean awaited = txn == connectTransaction || txn == createStreamTransaction || txn == publishTransaction;
        if (awaited && state != PushState.PUBLISHING) {
            String command = txn == connectTransaction ? "connect"
                    : txn == createStreamTransaction ? "createStream" : "publish";
            fail(new RtmpPushException("refused: " + status(m, command + " failed")));
        } else {
            // releaseStream/FCPublish of a name nobody publishes: FMS and others answer _error, clients go on.
            LOG.debug("push to {}: ignored _error {}", target.describe(), status(m, "no reason"));
        }
    }

    private void onStatus(CommandMessage m) {
        Map<?, ?> info = m.argument(0).filter(Map.class::isInstance).map(Map.class::cast).orElse(Map.of());
        if ("error".equals(info.get("level"))) {
            fail(new RtmpPushException((state == PushState.PUBLISHING ? "the server ended the stream: "
                    : "refused: ") + status(m, "error")));
        } else if (state == PushState.PUBLISH && "NetStream.Publish.Start".equals(info.get("code"))) {
            state = PushState.PUBLISHING;
            cancelTimer();
            LOG.info("RTMP push to {}: publishing", target.describe());
            published.complete(streamId);
        } else {
            LOG.debug("push to {}: onStatus {}", target.describe(), status(m, "-"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String message = switch (reason) {
            case RtmpProtocolException e -> "protocol error from the server: " + printable(e.getMessage());
            case SSLException e -> tlsFailure(e);
            case IOException e -> "connection lost: " + reason(e);
            default -> "unexpected failure: " + reason;
        };
        if (!(reason instanceof RtmpProtocolException || reason instanceof IOException)) {
            LOG.warn("RTMP push to {}: unexpected failure", target.describe(), reason);
        }
        fail(new RtmpPushException(message, reason));
    }

    /** Ends the connection for {@code e}; the first reason given is the one reported. */
    void fail(RtmpPushException e) {
        if (failure == null) {
            failure = e;
        }
        published.completeExceptionally(e);
        cancelTimer();
        state = PushState.CLOSING;
        channel.close();
    }

    /**
     * The user's close: when publishing, FCUnpublish and deleteStream (what OBS and ffmpeg send), then close once
     * they are written or {@link #CLOSE_GRACE} has passed; otherwise close at once.
     */
    void closeGracefully() {
        if (closedByUser) {
            return;
        }
        closedByUser = true;
        cancelTimer();
        published.completeExceptionally(new RtmpPushException("closed before publishing started"));
        boolean publishing = state == PushState.PUBLISHING && channel.isActive();
        state = PushState.CLOSING;
        if (!publishing) {
            channel.close();
            return;
        }
        ctx.write(PushCommands.fcUnpublish(nextTransaction++, target.streamName()));
        ctx.writeAndFlush(PushCommands.deleteStream(nextTransaction++, streamId))
                .addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onClosed() {
        cancelTimer();
        boolean wasPublishing = published.isDone() && !published.isCompletedExceptionally();
        state = PushState.CLOSING;
        RtmpPushException why = failure != null ? failure : new RtmpPushException(wasPublishing
                ? "the server closed the connection" : "the server closed the connection before publishing started");
        published.completeExceptionally(why);
        if (closedByUser) {
            LOG.info("RTMP push to {}: ended", target.describe());
            ended.complete(null);
        } else {
            if (wasPublishing) {
                LOG.warn("RTMP push to {}: ended: {}", target.describe(), why.getMessage());
            } else {
                LOG.info("RTMP push to {}: failed: {}", target.describe(), why.getMessage());
            }
            ended.completeExceptionally(why);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private String tlsFailure(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            // Its message is a hex dump of what came instead.
            return "TLS with " + target.host() + " failed: the server did not answer in TLS (for an rtmp:// port,"
                    + " use rtmp://)";
        }
        // The JDK's words for these ("PKIX path building failed: …SunCertPathBuilderException…", "No subject
        // alternative DNS name matching …") mean nothing to a streamer reading the dashboard.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathValidatorException
                    || t.getClass().getName().endsWith("SunCertPathBuilderException")) {
                return "TLS with " + target.host() + " failed: the server's certificate is not signed by an"
                        + " authority this machine trusts";
            }
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null
                    && t.getMessage().contains("No subject alternative")) {
                return "TLS with " + target.host() + " failed: the server's certificate is not for "
                        + target.host();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "TLS with " + target.host() + " failed: " + reason(cause);
    }

    /** "CODE (description)" from a command's info object, cleaned for a log line or a UI. */
    private static String status(CommandMessage m, String fallback) {
        Map<?, ?> info = m.argument(0).filter(Map.class::isInstance).map(Map.class::cast).orElse(Map.of());
        Object code = info.get("code");
        Object description = info.get("description");
        String c = code instanceof String s && !s.isBlank() ? printable(s) : fallback;
        return description instanceof String s && !s.isBlank() ? c + " (" + printable(s) + ")" : c;
    }

    private static String reason(Throwable t) {
        if (t == null) {
            return "unknown reason";
        }
        String message = t.getMessage();
        if (t instanceof ConnectException && message != null && message.contains("refused")) {
            return "connection refused (is the server running and the port right?)";
        }
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : printable(message);
    }

    /** Server text goes to logs and a UI: one line of printable characters, and short. */
    static String printable(String s) {
        String clean = String.valueOf(s).replaceAll("[\\p{Cntrl}\\x{FFFD}]", "?");
        return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString()
                + " s";
    }
}
