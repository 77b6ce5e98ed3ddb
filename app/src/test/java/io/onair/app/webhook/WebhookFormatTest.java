package io.onair.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The bodies each format posts, byte for byte, and what is done to text viewers and streamers typed. */
class WebhookFormatTest {
    private final JsonMapper json = JsonMapper.builder().build();

    private static final Map<String, Object> ONLINE = Map.of("startedAt", "2026-11-22T10:00:00Z",
            "title", "Speedrun **any%** @everyone", "category", "Games");
    private static final Map<String, Object> DONATION = Map.of("paymentId", 7, "user", "fan_1", "amount", 350,
            "currency", "USD", "message", "gg <!channel> ||spoiler||", "provider", "test", "testMode", true);

    @Test
    void discordGetsAMessageWithoutPingsOrMarkdownFromUsers() {
        assertThat(WebhookFormat.DISCORD.body(json, "stream.online", "my_show", "t", ONLINE,
                "https://live.example.org")).isEqualTo("{\"content\":\"🔴 my\\\\_show is live: Speedrun \\\\*\\\\*any%"
                + "\\\\*\\\\* @everyone\\nhttps://live.example.org/my_show\",\"allowed_mentions\":{\"parse\":[]}}");
        JsonNode donation = json.readTree(WebhookFormat.DISCORD.body(json, "donation", "my_show", "t", DONATION, ""));
        assertThat(donation.path("content").asString()).isEqualTo(
                "fan\\_1 donated 3.50 USD to my\\_show: gg \\<!channel\\> \\|\\|spoiler\\|\\| (test mode: no money moved)");
        assertThat(donation.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(donation.path("allowed_mentions").path("parse").size()).isZero();
    }

    @Test
    void slackGetsTextWithItsThreeCharactersEscaped() {
        assertThat(WebhookFormat.SLACK.body(json, "donation", "show", "t", DONATION, "")).isEqualTo(
                "{\"text\":\"fan_1 donated 3.50 USD to show: gg &lt;!channel&gt; ||spoiler|| (test mode: no money"
                        + " moved)\"}");
        assertThat(json.readTree(WebhookFormat.SLACK.body(json, "stream.online", "show", "t",
                Map.of("title", "A & B"), "http://tv.lan:8080")).path("text").asString())
                .isEqualTo("🔴 show is live: A &amp; B\nhttp://tv.lan:8080/show");
    }

    @Test
    void everyEventHasASentence() {
        assertThat(WebhookFormat.text("stream.online", "show", Map.of(), "", s -> s)).isEqualTo("🔴 show is live");
        assertThat(WebhookFormat.text("stream.offline", "show", Map.of(), "https://x", s -> s))
                .isEqualTo("show ended the stream.");
        assertThat(WebhookFormat.text("follow", "show", Map.of("user", "ann"), "", s -> s))
                .isEqualTo("ann followed show.");
        assertThat(WebhookFormat.text("subscription", "show", Map.of("user", "ann", "tier", 2, "testMode", false),
                "", s -> s)).isEqualTo("ann subscribed to show (tier 2).");
        assertThat(WebhookFormat.text("donation", "show", Map.of("user", "ann", "amount", 5000, "currency", "KRW",
                "message", ""), "", s -> s)).isEqualTo("ann donated 5000 KRW to show.");
    }

    @Test
    void onairKeepsItsSignedEventShape() {
        assertThat(WebhookFormat.ONAIR.body(json, "follow", "show", "2026-11-22T10:00:00Z", Map.of("user", "ann"),
                "https://x")).isEqualTo("{\"event\":\"follow\",\"channel\":\"show\",\"createdAt\":"
                + "\"2026-11-22T10:00:00Z\",\"data\":{\"user\":\"ann\"}}");
    }

    @Test
    void aLongMessageIsCutToDiscordsLimitAndLinesAreJoined() {
        String text = WebhookFormat.text("donation", "show", Map.of("user", "ann", "amount", 1, "currency", "EUR",
                "message", "x".repeat(5000)), "", WebhookFormat::discordEscape);
        assertThat(text).startsWith("ann donated 0.01 EUR to show: xxx");
        JsonNode body = json.readTree(WebhookFormat.DISCORD.body(json, "donation", "show", "t",
                Map.of("user", "ann", "amount", 1, "currency", "EUR", "message", "x".repeat(5000)), ""));
        assertThat(body.path("content").asString()).hasSize(WebhookFormat.MAX_TEXT).endsWith("…");
        assertThat(WebhookFormat.discordEscape("a\nb\r")).isEqualTo("a b ");
        assertThat(WebhookFormat.slackEscape("a\nb")).isEqualTo("a b");
    }

    @Test
    void formatsByName() {
        assertThat(WebhookFormat.of("discord")).contains(WebhookFormat.DISCORD);
        assertThat(WebhookFormat.of("Discord")).isEmpty();
        assertThat(WebhookFormat.of("teams")).isEmpty();
        assertThat(WebhookFormat.SLACK.id()).isEqualTo("slack");
    }
}
