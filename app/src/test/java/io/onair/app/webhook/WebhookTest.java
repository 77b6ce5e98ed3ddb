package io.onair.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks against receivers on 127.0.0.1 (the tests' {@code onair.webhooks.allow-private=true}): a
 * donation is delivered with a signature the receiver verifies on its own; a receiver answering 500 is retried
 * with doubling back-off on a fake clock and marked failed after the last attempt; the SSRF guard refuses local
 * and private addresses; bad URLs are named in the 400.
 */
class WebhookTest extends PlatformServerTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @Autowired
    WebhookRepository repository;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    record Received(String signature, String event, String body) {
    }

    @AfterAll
    void stopReceivers() {
        servers.forEach(s -> s.stop(0));
    }

    private String receiver(int status, List<Received> into) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            into.add(new Received(exchange.getRequestHeaders().getFirst("Onair-Signature"),
                    exchange.getRequestHeaders().getFirst("Onair-Event"), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The receiver's side, written from the documented scheme (not with WebhookSigner). */
    private static boolean verify(String header, String secret, String body) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return v1 != null && java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1))
                && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300;
    }

    @Test
    void aDonationIsDeliveredSignedAndLogged() throws Exception {
        ApiClient owner = account("wh-owner");
        ApiClient fan = account("wh-fan");
        List<Received> received = new CopyOnWriteArrayList<>();
        String url = receiver(204, received);
        ApiClient.Response created = owner.send("POST", "/api/channels/wh-owner/webhooks", Map.of("url", url));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().path("secret").asString();

        assertThat(fan.send("POST", "/api/channels/wh-owner/donations", Map.of("amount", 300, "message", "hooked"))
                .status()).isEqualTo(201);
        Received r = Poll.until("the donation delivered", Duration.ofSeconds(10), received::toString,
                () -> received.stream().filter(x -> "donation".equals(x.event())).findFirst());
        assertThat(verify(r.signature(), secret, r.body())).as(r.toString()).isTrue();
        assertThat(verify(r.signature(), secret, r.body().replace("hooked", "hacked"))).isFalse();
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("event").asString()).isEqualTo("donation");
        assertThat(body.path("channel").asString()).isEqualTo("wh-owner");
        assertThat(body.path("data").path("message").asString()).isEqualTo("hooked");
        assertThat(body.path("data").path("testMode").asBoolean()).isTrue();
        Poll.until("the log says delivered", Duration.ofSeconds(5), () -> "",
                () -> "delivered".equals(owner.get("/api/channels/wh-owner/webhooks/deliveries").json().get(0)
                        .path("status").asString()));
    }

    @Autowired
    io.onair.stream.StreamRegistry registry;

    @Test
    void streamStartAndEndAreDelivered() throws Exception {
        ApiClient owner = account("wh-streamer");
        List<Received> received = new CopyOnWriteArrayList<>();
        assertThat(owner.send("POST", "/api/channels/wh-streamer/webhooks", Map.of("url", receiver(204, received)))
                .status()).isEqualTo(201);
        io.onair.stream.Publication publication = registry.startPublishing("wh-streamer", reason -> { });
        Poll.until("stream.online delivered", Duration.ofSeconds(10), received::toString,
                () -> received.stream().anyMatch(r -> "stream.online".equals(r.event())));
        publication.end(io.onair.stream.EndReason.CLEAN);
        Received offline = Poll.until("stream.offline delivered", Duration.ofSeconds(10), received::toString,
                () -> received.stream().filter(r -> "stream.offline".equals(r.event())).findFirst());
        assertThat(json.readTree(offline.body()).path("data").path("startedAt").asString())
                .isEqualTo(publication.startedAt().toString());
    }

    /**
     * A Discord webhook that wants only stream.online and a Slack one that wants follows: each gets its message
     * (the live title as the owner set it, markdown and mentions defused, the link to the channel on the site the
     * owner registered from) and nothing else.
     */
    @Test
    void chatAppsGetTheirMessagesForTheEventsTheyChose() throws Exception {
        ApiClient owner = account("wh-chat");
        ApiClient fan = account("wh-chat-fan");
        assertThat(owner.send("PUT", "/api/channels/wh-chat/info", Map.of("title", "Night *run* @here",
                "category", "Games")).status()).isEqualTo(200);
        List<Received> discord = new CopyOnWriteArrayList<>();
        List<Received> slack = new CopyOnWriteArrayList<>();
        ApiClient.Response d = owner.send("POST", "/api/channels/wh-chat/webhooks", Map.of("url",
                receiver(204, discord), "format", "discord", "events", List.of("stream.online")));
        assertThat(d.status()).as(d.toString()).isEqualTo(201);
        assertThat(d.json().path("format").asString()).isEqualTo("discord");
        assertThat(d.json().path("events").toString()).isEqualTo("[\"stream.online\"]");
        assertThat(owner.send("POST", "/api/channels/wh-chat/webhooks", Map.of("url", receiver(200, slack),
                "format", "slack", "events", List.of("follow"))).status()).isEqualTo(201);

        assertThat(fan.send("PUT", "/api/channels/wh-chat/follow", Map.of()).status()).isIn(200, 201, 204);
        io.onair.stream.Publication publication = registry.startPublishing("wh-chat", reason -> { });
        try {
            Received live = Poll.until("the go-live message", Duration.ofSeconds(10), discord::toString,
                    () -> discord.stream().findFirst());
            assertThat(live.body()).isEqualTo("{\"content\":\"🔴 wh\\\\-chat is live: Night \\\\*run\\\\* @here\\n"
                    + base().toString() + "wh-chat\",\"allowed_mentions\":{\"parse\":[]}}");
            Received followed = Poll.until("the follow message", Duration.ofSeconds(10), slack::toString,
                    () -> slack.stream().findFirst());
            assertThat(json.readTree(followed.body()).path("text").asString())
                    .isEqualTo("wh-chat-fan followed wh-chat.");
        } finally {
            publication.end(io.onair.stream.EndReason.CLEAN);
        }
        // The sender polls every second: stream.offline, wanted by neither, must not reach either in two polls.
        Thread.sleep(2000);
        assertThat(owner.get("/api/channels/wh-chat/webhooks/deliveries").json().size()).isEqualTo(2);
        assertThat(discord).hasSize(1);
        assertThat(slack).hasSize(1);

        ApiClient.Response bad = owner.send("POST", "/api/channels/wh-chat/webhooks", Map.of("url",
                "https://discord.com/api/webhooks/1/x", "format", "teams", "events", List.of("raid")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValuesAsString("field")).containsExactly("format", "events[0]");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackOffThenMarkedFailed() throws Exception {
        ApiClient owner = account("wh-failing");
        List<Received> received = new CopyOnWriteArrayList<>();
        String url = receiver(500, received);
        assertThat(owner.send("POST", "/api/channels/wh-failing/webhooks", Map.of("url", url)).status()).isEqualTo(201);
        long channelId = jdbc.sql("select id from channel where name = 'wh-failing'").query(Long.class).single();

        // A dispatcher of its own on a fake clock a day ahead: the server's dispatcher (real time) never finds
        // these deliveries due, so every attempt below is this one's.
        FakeClock clock = new FakeClock(Instant.now().plus(Duration.ofDays(1)));
        WebhookDispatcher dispatcher = new WebhookDispatcher(repository, new WebhookUrls(true),
                HttpClient.newHttpClient(), json, clock, 3, Duration.ofSeconds(10), Duration.ofSeconds(2), "");
        dispatcher.enqueue(channelId, "wh-failing", "follow", Map.of("user", "someone"));

        assertThat(dispatcher.runDue()).isEqualTo(1);
        assertThat(dispatcher.runDue()).as("not due again yet").isZero();
        clock.advance(Duration.ofSeconds(9));
        assertThat(dispatcher.runDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.runDue()).as("10 s after the first attempt").isEqualTo(1);
        clock.advance(Duration.ofSeconds(19));
        assertThat(dispatcher.runDue()).as("back-off doubled to 20 s").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.runDue()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(dispatcher.runDue()).as("failed: never again").isZero();

        assertThat(received).hasSize(3);
        JsonNode log = owner.get("/api/channels/wh-failing/webhooks/deliveries").json().get(0);
        assertThat(log.path("status").asString()).isEqualTo("failed");
        assertThat(log.path("attempts").asInt()).isEqualTo(3);
        assertThat(log.path("lastStatus").asInt()).isEqualTo(500);
        assertThat(log.path("lastError").asString()).isEqualTo("HTTP 500");
    }

    @Test
    void urlsAreValidatedAndPrivateAddressesRefusedUnlessAllowed() {
        ApiClient owner = account("wh-owner");
        ApiClient.Response bad = owner.send("POST", "/api/channels/wh-owner/webhooks", Map.of("url", "ftp://example.org/x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("url");
        WebhookUrls guard = new WebhookUrls(false);
        for (String url : List.of("http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/",
                "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
                "http://0.0.0.0/", "http://user:pw@93.184.215.14/")) {
            assertThat(guard.problem(url)).as(url).isPresent();
        }
        assertThat(guard.problem("http://93.184.215.14/hook")).isEmpty();
        assertThat(new WebhookUrls(true).problem("http://127.0.0.1:8080/x")).isEmpty();

        // onair.public-url, checked at start: the links in chat messages.
        assertThat(WebhookWiring.publicUrl("")).isEmpty();
        assertThat(WebhookWiring.publicUrl(" https://live.example.org/ ")).isEqualTo("https://live.example.org");
        assertThat(WebhookWiring.publicUrl("http://tv.lan:8080/onair")).isEqualTo("http://tv.lan:8080/onair");
        for (String wrong : List.of("live.example.org", "ftp://x.example", "https://x.example/?a=1", "https:///x")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookWiring.publicUrl(wrong)).as(wrong)
                    .hasMessageStartingWith("onair.public-url: must be empty or an http(s) URL");
        }
    }

    static final class FakeClock implements InstantSource {
        private volatile Instant now;

        FakeClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
