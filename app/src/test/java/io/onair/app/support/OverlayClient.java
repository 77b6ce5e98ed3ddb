package io.onair.app.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The overlay's WebSocket as the overlay page uses it: frames queued as they arrive, the close code kept. */
final class OverlayClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    OverlayClient(URI base, String overlayPath) {
        String secret = overlayPath.substring(overlayPath.lastIndexOf('/') + 1);
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/overlay/" + secret);
        ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://" + base.getHost() + ":"
                        + base.getPort()).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add(JSON.readTree(text.toString()));
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closed.complete(-1);
            }
        }).join();
    }

    /** The next frame of {@code type}, skipping others; null after the timeout. */
    JsonNode next(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            JsonNode f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null || type.equals(f.path("type").asString(""))) {
                return f;
            }
        }
    }

    void ack(long id) {
        ws.sendText("{\"type\":\"ack\",\"id\":" + id + "}", true).join();
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
}
