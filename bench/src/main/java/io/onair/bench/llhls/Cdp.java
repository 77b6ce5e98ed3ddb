package io.onair.bench.llhls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless Chromium (Debian's {@code /usr/bin/chromium}, the flags of the browser tests) showing one page,
 * driven through the DevTools protocol over a WebSocket (no WebDriver): {@link #eval} runs a JavaScript expression
 * in the page and returns its value as a string.
 */
final class Cdp implements AutoCloseable {
    private static final Pattern WS = Pattern.compile("\"type\": \"page\"[^}]*?\"webSocketDebuggerUrl\": \"([^\"]+)\"",
            Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("\"result\":\\{\"type\":\"(\\w+)\"(?:,\"value\":(\"(?:[^\"\\\\]"
            + "|\\\\.)*\"|[^,}]*))?");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    private Cdp(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Cdp open(String url, Path log) throws Exception {
        Path profile = Files.createTempDirectory("onair-bench-chromium-");
        List<String> command = new ArrayList<>(List.of("/usr/bin/chromium", "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--window-size=1280,800", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long until = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > until || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not start its DevTools endpoint; see " + log);
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String ws = null;
        while (ws == null) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = WS.matcher(list);
            if (m.find()) {
                ws = m.group(1);
            } else if (System.nanoTime() > until) {
                throw new IllegalStateException("no page target: " + list);
            } else {
                Thread.sleep(100);
            }
        }
        Cdp[] self = new Cdp[1];
        StringBuilder buffer = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(ws), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            String msg = buffer.toString();
                            buffer.setLength(0);
                            Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(msg);
                            if (id.find() && self[0] != null) {
                                CompletableFuture<String> f = self[0].pending.remove(Integer.parseInt(id.group(1)));
                                if (f != null) {
                                    f.complete(msg);
                                }
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        self[0] = new Cdp(p, profile, socket);
        return self[0];
    }

    /** The expression's value (strings unquoted, JSON escapes left as they are), or "undefined"/"null". */
    String eval(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(id, f);
        String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        socket.sendText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\"" + escaped
                + "\",\"returnByValue\":true}}", true).get(10, TimeUnit.SECONDS);
        String msg = f.get(15, TimeUnit.SECONDS);
        Matcher m = VALUE.matcher(msg);
        if (!m.find()) {
            return "error: " + msg;
        }
        String v = m.group(2);
        if (v == null) {
            return m.group(1); // undefined
        }
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
