package io.onair.rtmp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.onair.media.MediaFormatException;
import io.onair.media.flv.UnsupportedCodecException;
import io.onair.rtmp.IngestHandler;
import io.onair.rtmp.PublishDecision;
import io.onair.rtmp.PublishRequest;
import io.onair.rtmp.PublishSession;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.RtmpProtocolException;
import io.onair.rtmp.amf0.Amf0EcmaArray;
import io.onair.rtmp.chunk.AckDue;
import io.onair.rtmp.chunk.VideoMessageHead;
import io.onair.rtmp.message.Acknowledgement;
import io.onair.rtmp.message.AudioMessage;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.DataMessage;
import io.onair.rtmp.message.PingRequest;
import io.onair.rtmp.message.PingResponse;
import io.onair.rtmp.message.SetChunkSize;
import io.onair.rtmp.message.SetPeerBandwidth;
import io.onair.rtmp.message.StreamBegin;
import io.onair.rtmp.message.VideoMessage;
import io.onair.rtmp.message.WindowAckSize;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of NetConnection and NetStream for publishers, the last handler of the pipeline. Runs on the
 * connection's event loop; only {@link #close(String)} may be called from elsewhere.
 *
 * <p>The exchange OBS, ffmpeg and GStreamer go through: {@code connect} → Window Acknowledgement Size, Set Peer
 * Bandwidth, Set Chunk Size, {@code _result}; {@code releaseStream} (no answer, as nginx-rtmp); {@code FCPublish}
 * → {@code onFCPublish}; {@code createStream} → {@code _result} stream 1; {@code publish} → the
 * {@link IngestHandler} decides first, then StreamBegin and {@code NetStream.Publish.Start}, or
 * {@code NetStream.Publish.BadName} and a close (SRS #4037: sending Start before the auth answer makes OBS loop).
 */
public final class RtmpSession extends ChannelInboundHandlerAdapter implements PublishSession {
    /** The acknowledgement window the server asks for, and uses itself until the client sets one (as FMS). */
    public static final long WINDOW_ACK_SIZE = 2_500_000;
    /** 4096 as OBS uses: fewer chunk headers than the default 128, small enough to interleave. */
    static final int SERVER_CHUNK_SIZE = 4096;
    static final String NOT_PACKAGED = "NetStream.Publish.Failed";
    private static final Logger LOG = LoggerFactory.getLogger(RtmpSession.class);
    /** Client commands that are answers or notifications, never answered with {@code _error}. */
    private static final Set<String> NOT_ANSWERED = Set.of("_result", "_error", "onStatus", "onBWDone",
            "_checkbw", "getStreamLength", "receiveAudio", "receiveVideo", "pause", "seek");

    private final IngestHandler handler;
    private final RtmpLimits limits;
    private Channel channel;
    private String id = "-";
    private SessionState state = SessionState.AWAITING_CONNECT;
    private String app = "";
    private int nextStreamId = 1;
    private PublishedStream stream;
    private ScheduledFuture<?> publishTimer;

    public RtmpSession(IngestHandler handler, RtmpLimits limits) {
        this.handler = handler;
        this.limits = limits;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void close(String description) {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (state == SessionState.CLOSING) {
                return;
            }
            LOG.info("session {}: closed by the server: {}", id, description);
            if (stream != null) {
                end(false);
            }
            state = SessionState.CLOSING;
            ch.writeAndFlush(Commands.onStatus(0, Commands.ERROR, "NetConnection.Connect.Closed", description))
                    .addListener(ChannelFutureListener.CLOSE);
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        id = channel.id().asShortText();
        if (channel.isActive()) {
            startPublishTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startPublishTimer(ctx);
        super.channelActive(ctx);
    }

    private void startPublishTimer(ChannelHandlerContext ctx) {
        if (publishTimer == null) {
            publishTimer = ctx.executor().schedule(() -> {
                if (state == SessionState.AWAITING_CONNECT || state == SessionState.CONNECTED) {
                    fail(ctx, "no publish within " + limits.publishTimeout().toSeconds() + " s");
                }
            }, limits.publishTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (publishTimer != null) {
            publishTimer.cancel(false);
        }
        if (stream != null) {
            end(false);
        }
        state = SessionState.CLOSING;
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == SessionState.CLOSING) {
            return;
        }
        try {
            switch (msg) {
                case CommandMessage m -> onCommand(ctx, m);
                case DataMessage m -> onData(m);
                case VideoMessage m -> {
                    if (stream != null && m.streamId() == stream.streamId()) {
                        stream.video(m.timestamp(), m.body());
                    }
                }
                case VideoMessageHead h -> {
                    if (stream != null && h.streamId() == stream.streamId()) {
                        stream.videoHead(h.timestamp(), h.head());
                    }
                }
                case AudioMessage m -> {
                    if (stream != null && m.streamId() == stream.streamId()) {
                        stream.audio(m.timestamp(), m.body());
                    }
                }
                case PingRequest m -> ctx.writeAndFlush(new PingResponse(m.pingTimestamp()));
                default -> {
                    // Protocol control is applied by the chunk layer; the rest needs no answer.
                }
            }
        } catch (UnsupportedCodecException e) {
            refuse(ctx, e.getMessage());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof AckDue ack) {
            ctx.writeAndFlush(new Acknowledgement(ack.sequenceNumber()));
        } else if (evt instanceof IdleStateEvent) {
            fail(ctx, "nothing received for " + limits.readIdleTimeout().toSeconds()
                    + " s; dropped so the encoder can reconnect");
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof UnsupportedCodecException e) {
            refuse(ctx, e.getMessage());
        } else if (reason instanceof RtmpProtocolException || reason instanceof MediaFormatException) {
            fail(ctx, reason.getMessage());
        } else if (reason instanceof java.io.IOException) {
            // The encoder or its network went away (a reset when it closed with our acknowledgements unread, a
            // broken pipe): an ordinary end of a connection, not a failure of ours, so no WARN and no stack trace.
            if (state != SessionState.CLOSING) {
                LOG.info("session {} from {}: connection lost: {}", id, channel.remoteAddress(), reason.getMessage());
            }
            state = SessionState.CLOSING;
            ctx.close();
        } else {
            if (state != SessionState.CLOSING) {
                LOG.warn("session {} from {}: unexpected failure, closing", id, channel.remoteAddress(), reason);
            }
            state = SessionState.CLOSING;
            ctx.close();
        }
    }

    /** Ends the connection for a reason of its own making: one WARN line, then close. */
    private void fail(ChannelHandlerContext ctx, String reason) {
        if (state == SessionState.CLOSING) {
            return;
        }
        LOG.warn("session {} from {}: {}; closing", id, ctx.channel().remoteAddress(), printable(reason));
        state = SessionState.CLOSING;
        ctx.close();
    }

    /** Tells the streamer why (an unsupported codec), then closes. */
    private void refuse(ChannelHandlerContext ctx, String description) {
        if (state == SessionState.CLOSING) {
            return;
        }
        LOG.warn("session {} from {}: {}; closing", id, ctx.channel().remoteAddress(), description);
        int streamId = stream != null ? stream.streamId() : 0;
        state = SessionState.CLOSING;
        ctx.writeAndFlush(Commands.onStatus(streamId, Commands.ERROR, NOT_PACKAGED, description))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void onCommand(ChannelHandlerContext ctx, CommandMessage m) {
        switch (m.name()) {
            case "connect" -> onConnect(ctx, m);
            case "releaseStream" -> {
                // Answered by nobody that matters: OBS, ffmpeg and GStreamer go on without a reply.
            }
            case "FCPublish" -> ctx.writeAndFlush(Commands.onFcPublish(stringArgument(m, 0)));
            case "createStream" -> {
                requireConnected(m);
                ctx.writeAndFlush(Commands.result(m.transactionId(), (double) nextStreamId++));
            }
            case "publish" -> onPublish(ctx, m);
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                if (stream != null) {
                    LOG.debug("session {}: {}", id, m.name());
                    end(true);
                }
            }
            case "play", "play2" -> {
                LOG.info("session {} from {}: refused {}: RTMP playback is not served", id,
                        ctx.channel().remoteAddress(), m.name());
                state = SessionState.CLOSING;
                ctx.writeAndFlush(Commands.onStatus(m.streamId(), Commands.ERROR, "NetStream.Play.Failed",
                                "Onair does not serve RTMP playback; watch the stream over HLS"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            default -> {
                if (m.transactionId() > 0 && !NOT_ANSWERED.contains(m.name())) {
                    ctx.writeAndFlush(Commands.error(m.transactionId(), "NetConnection.Call.Failed",
                            "unknown command " + m.name()));
                }
            }
        }
    }

    private void onConnect(ChannelHandlerContext ctx, CommandMessage m) {
        if (state != SessionState.AWAITING_CONNECT) {
            throw new RtmpProtocolException("second connect on one connection");
        }
        if (!(m.commandObject() instanceof Map<?, ?> properties)) {
            throw new RtmpProtocolException("connect without a command object");
        }
        app = properties.get("app") instanceof String s ? stripSlashes(s) : "";
        double objectEncoding = properties.get("objectEncoding") instanceof Double d ? d : 0;
        state = SessionState.CONNECTED;
        ctx.write(new WindowAckSize(WINDOW_ACK_SIZE));
        ctx.write(new SetPeerBandwidth(WINDOW_ACK_SIZE, SetPeerBandwidth.DYNAMIC));
        ctx.write(new SetChunkSize(SERVER_CHUNK_SIZE));
        ctx.writeAndFlush(Commands.connectResult(m.transactionId(), objectEncoding));
    }

    private void onPublish(ChannelHandlerContext ctx, CommandMessage m) {
        requireConnected(m);
        int streamId = m.streamId();
        if (stream != null) {
            ctx.writeAndFlush(Commands.onStatus(streamId, Commands.ERROR, "NetStream.Publish.BadName",
                    "this connection is already publishing"));
            return;
        }
        StreamName name = StreamName.parse(stringArgument(m, 0));
        if (name.key().isEmpty()) {
            reject(ctx, streamId, "the stream key is empty; put it at the end of the URL or in OBS's Stream Key");
            return;
        }
        PublishRequest request = new PublishRequest(app, name.key(), name.query(), ctx.channel().remoteAddress());
        PublishDecision decision;
        try {
            decision = handler.publish(request, this);
        } catch (RuntimeException e) {
            LOG.warn("session {}: the ingest handler failed on a publish to application '{}'", id, app, e);
            reject(ctx, streamId, "the server could not check this stream key; try again");
            return;
        }
        switch (decision) {
            case PublishDecision.Accepted accepted -> {
                stream = new PublishedStream(id, streamId, accepted.sink());
                state = SessionState.PUBLISHING;
                if (publishTimer != null) {
                    publishTimer.cancel(false);
                }
                // The stream key is a bearer secret: never logged (logs are shipped to third parties).
                LOG.info("session {} from {}: publishing to application '{}'", id, ctx.channel().remoteAddress(),
                        app);
                ctx.write(new StreamBegin(streamId));
                ctx.writeAndFlush(Commands.onStatus(streamId, Commands.STATUS, "NetStream.Publish.Start",
                        "Start publishing"));
            }
            case PublishDecision.Rejected rejected -> {
                LOG.info("session {} from {}: publish to application '{}' rejected: {}", id,
                        ctx.channel().remoteAddress(), app, rejected.description());
                reject(ctx, streamId, rejected.description());
            }
        }
    }

    private void reject(ChannelHandlerContext ctx, int streamId, String description) {
        state = SessionState.CLOSING;
        ctx.writeAndFlush(Commands.onStatus(streamId, Commands.ERROR, "NetStream.Publish.BadName", description))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void onData(DataMessage m) {
        if (stream == null || m.values().isEmpty() || m.streamId() != stream.streamId()) {
            return;
        }
        int at = "@setDataFrame".equals(m.values().get(0)) ? 1 : 0;
        if (m.values().size() > at + 1 && "onMetaData".equals(m.values().get(at))) {
            Object value = m.values().get(at + 1);
            if (value instanceof Amf0EcmaArray || value instanceof Map<?, ?>) {
                stream.metadata(plainMap(value));
            }
        }
    }

    /**
     * Metadata for the sink in plain Java types: ECMA arrays and objects become maps, strict arrays lists, and
     * AMF0 null/undefined entries are left out (the sink never sees AMF0 types or nulls).
     */
    private static Map<String, Object> plainMap(Object value) {
        Map<?, ?> source = value instanceof Amf0EcmaArray array ? array.entries() : (Map<?, ?>) value;
        Map<String, Object> out = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            Object plain = plain(v);
            if (plain != null) {
                out.put(String.valueOf(k), plain);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object plain(Object v) {
        return switch (v) {
            case Amf0EcmaArray a -> plainMap(a);
            case Map<?, ?> m -> plainMap(m);
            case java.util.List<?> l -> l.stream().map(RtmpSession::plain).filter(java.util.Objects::nonNull).toList();
            case io.onair.rtmp.amf0.Amf0Empty e -> null;
            default -> v;
        };
    }

    private void end(boolean clean) {
        PublishedStream ending = stream;
        stream = null;
        if (state == SessionState.PUBLISHING) {
            state = SessionState.CONNECTED;
        }
        ending.end(clean);
    }

    private void requireConnected(CommandMessage m) {
        if (state == SessionState.AWAITING_CONNECT) {
            throw new RtmpProtocolException(m.name() + " before connect");
        }
    }

    private static String stringArgument(CommandMessage m, int i) {
        return m.argument(i).filter(String.class::isInstance).map(String.class::cast).orElse("");
    }

    /** Reasons may quote what the peer sent: keep log lines one line of text, and short. */
    private static String printable(String reason) {
        String s = String.valueOf(reason).replaceAll("[\\p{Cntrl}\\x{FFFD}]", "?");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String stripSlashes(String s) {
        int q = s.indexOf('?');
        String path = q < 0 ? s : s.substring(0, q);
        return path.replaceAll("^/+|/+$", "");
    }
}
