package io.onair.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the media port: decoded requests in, the {@link MediaResponder}'s answers out, in order.
 *
 * <p>Runs on the connection's event loop and never blocks it: a held LL-HLS request is a future whose re-checks the
 * responder runs on this same loop, and its answer is written from there. Requests a client pipelines behind a held
 * one wait in order (RFC 9112 §9.3.2: responses in the order of the requests), at most {@link #MAX_PIPELINED}.
 */
final class OriginHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OriginHandler.class);
    /** Players send one request at a time per connection; a client queueing more than this is not a player. */
    static final int MAX_PIPELINED = 16;
    private static final String PREFIX = "/live/";

    private final MediaResponder responder;
    private final DirectBodies bodies;
    private final IntConsumer statuses;
    private final HttpDate date;
    private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>();
    private CompletableFuture<MediaResponse> inFlight;

    OriginHandler(MediaResponder responder, DirectBodies bodies, IntConsumer statuses, HttpDate date) {
        this.responder = responder;
        this.date = date;
        this.bodies = bodies;
        this.statuses = statuses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof HttpRequest request)) {
                return; // request bodies (none for GET, HEAD, OPTIONS) are dropped
            }
            if (request.decoderResult().isFailure()) {
                refuse(ctx, request.decoderResult().cause());
                return;
            }
            if (pending.size() >= MAX_PIPELINED) {
                LOG.debug("{}: more than {} pipelined requests, closing", ctx.channel().remoteAddress(),
                        MAX_PIPELINED);
                ctx.close();
                return;
            }
            pending.add(request);
            if (inFlight == null) {
                next(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            // A client that asks without reading: its next answer waits until the kernel has taken the last one
            // (channelWritabilityChanged), and nothing more is read from it meanwhile, so answers cannot pile up in
            // memory (they share the part's bytes, but not their headers). Checked here, not only after a write:
            // requests pipelined in one packet arrive in one read, each through channelRead.
            ctx.channel().config().setAutoRead(false);
            return;
        }
        HttpRequest request = pending.poll();
        if (request == null || !ctx.channel().isActive()) {
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            write(ctx, responder.preflight(), keepAlive, request.protocolVersion());
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            MediaResponse refused = MediaResponder.problem(405, "Method Not Allowed",
                    "The media port serves GET, HEAD and OPTIONS only, not " + method.name());
            write(ctx, new MediaResponse(405, refused.contentType(), refused.cacheControl(), null, refused.body(),
                    true, false, List.of(Map.entry("Allow", "GET, HEAD, OPTIONS"))), false, request.protocolVersion());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (!path.startsWith(PREFIX)) {
            write(ctx, MediaResponder.problem(404, "Not Found", "The media port serves /live/... only"),
                    keepAlive, request.protocolVersion());
            return;
        }
        Map<String, List<String>> query = uri.parameters();
        MediaRequest media = new MediaRequest(method.equals(HttpMethod.HEAD), path.substring(PREFIX.length() - 1),
                name -> {
                    List<String> values = query.get(name);
                    return values == null || values.isEmpty() ? null : values.get(0);
                }, request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        CompletableFuture<MediaResponse> answer = responder.respond(media, ctx.channel().eventLoop());
        inFlight = answer;
        answer.whenComplete((response, failure) -> {
            if (ctx.executor().inEventLoop()) {
                answered(ctx, answer, response, failure, keepAlive, request);
            } else {
                ctx.executor().execute(() -> answered(ctx, answer, response, failure, keepAlive, request));
            }
        });
    }

    private void answered(ChannelHandlerContext ctx, CompletableFuture<MediaResponse> answer, MediaResponse response,
            Throwable failure, boolean keepAlive, HttpRequest request) {
        if (inFlight != answer || answer.isCancelled()) {
            return; // the connection closed while it was held
        }
        inFlight = null;
        if (failure != null) {
            LOG.warn("media answer failed for {}", request.uri(), failure);
            write(ctx, MediaResponder.problem(500, "Internal Server Error", "The answer failed: see the server log"),
                    false, request.protocolVersion());
            return;
        }
        write(ctx, response, keepAlive, request.protocolVersion());
    }

    private void write(ChannelHandlerContext ctx, MediaResponse response, boolean keepAlive, HttpVersion version) {
        statuses.accept(response.status());
        ByteBuf body = response.sendBody() && response.body().length > 0
                ? (response.immutable() ? bodies.of(response.body()) : Unpooled.wrappedBuffer(response.body()))
                : Unpooled.EMPTY_BUFFER;
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                body);
        HttpHeaders h = out.headers();
        for (Map.Entry<String, String> e : MediaResponse.CORS) {
            h.set(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : response.extraHeaders()) {
            h.set(e.getKey(), e.getValue());
        }
        h.set(HttpHeaderNames.DATE, date.now());
        if (response.cacheControl() != null) {
            h.set(HttpHeaderNames.CACHE_CONTROL, response.cacheControl());
        }
        if (response.etag() != null) {
            h.set(HttpHeaderNames.ETAG, response.etag());
        }
        if (response.contentType() != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        }
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (version.equals(HttpVersion.HTTP_1_0)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(out);
        next(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            if (inFlight == null) {
                next(ctx);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** A request the decoder could not read: answered with what was wrong, then the connection is closed. */
    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431
                : cause instanceof TooLongFrameException ? 413 : 400;
        String title = switch (status) {
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 413 -> "Content Too Large";
            default -> "Bad Request";
        };
        pending.clear();
        inFlight = null;
        // HTTP/1.1 whatever the unreadable request line said (the decoder's stand-in request claims HTTP/1.0).
        write(ctx, MediaResponder.problem(status, title, "Malformed HTTP request: " + cause.getMessage()), false,
                HttpVersion.HTTP_1_1);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && inFlight == null && pending.isEmpty()) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inFlight != null) {
            inFlight.cancel(false); // the held request stops being re-checked at the next wake
            inFlight = null;
        }
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("media connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
