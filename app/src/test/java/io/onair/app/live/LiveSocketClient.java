package io.onair.app.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A test client of {@code /ws/channels/{channel}}: frames as JSON, in order, with an optional Cookie header. */
public final class LiveSocketClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    public LiveSocketClient(URI base, String channel, String cookie) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (cookie != null && !cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        StringBuilder partial = new StringBuilder();
        this.socket = b.buildAsync(URI.create("ws://" + base.getRawAuthority() + "/ws/channels/" + channel),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(JSON.readTree(partial.toString()));
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    /** The next frame of this type (others are skipped); fails after the timeout. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no '" + type + "' frame within " + timeout);
            }
            if (type.equals(f.path("type").asString())) {
                return f;
            }
        }
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
