package io.onair.app.delivery;

import io.onair.origin.MediaRequest;
import io.onair.origin.MediaResponder;
import io.onair.origin.MediaResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The HLS and DASH origin on the application's port ({@code /live/*}): writes what the {@link MediaResponder}
 * answers, the same answers the Netty media port gives (see there for the URLs, caching and LL-HLS rules).
 *
 * <p>A plain servlet rather than an MVC controller: these are the hottest requests of the server (every viewer,
 * every couple of seconds) and need none of MVC's argument resolution or content negotiation. A held LL-HLS request
 * waits on its own virtual thread, and runs its re-checks after each publish there too (the responder hands them to
 * it through a queue): the packager that published does no viewer's work, and a publish costs one unpark per held
 * request.
 */
public final class HlsServlet extends HttpServlet {
    private final transient MediaResponder responder;

    public HlsServlet(MediaResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(responder.preflight(), resp);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean head) throws IOException {
        BlockingQueue<Runnable> rechecks = new LinkedBlockingQueue<>();
        CompletableFuture<MediaResponse> answer = responder.respond(new MediaRequest(head,
                req.getPathInfo() == null ? "" : req.getPathInfo(), req::getParameter, req.getHeader("If-None-Match")),
                rechecks::add);
        MediaResponse response;
        try {
            // A held answer completes only in one of its re-checks (each publish and each sweep queues one), so
            // running them until it is done cannot miss it.
            while (!answer.isDone()) {
                rechecks.take().run();
            }
            response = answer.get();
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            write(MediaResponder.problem(503, "Service Unavailable", "shutting down"), resp);
            return;
        } catch (ExecutionException e) {
            throw new IOException("media answer failed: " + e.getCause(), e.getCause());
        }
        write(response, resp);
    }

    private static void write(MediaResponse response, HttpServletResponse resp) throws IOException {
        for (Map.Entry<String, String> h : MediaResponse.CORS) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : response.extraHeaders()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        resp.setStatus(response.status());
        if (response.cacheControl() != null) {
            resp.setHeader("Cache-Control", response.cacheControl());
        }
        if (response.etag() != null) {
            resp.setHeader("ETag", response.etag());
        }
        if (response.contentType() == null) {
            return; // 204, 304: no body, no length
        }
        resp.setContentType(response.contentType());
        resp.setContentLength(response.body().length);
        if (response.sendBody()) {
            resp.getOutputStream().write(response.body());
        }
    }
}
