package io.onair.app.webhook;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a webhook's POST body looks like. {@link #ONAIR}: the signed JSON event, for the streamer's own programs.
 * {@link #DISCORD} and {@link #SLACK}: a chat message, because the usual receiver of "the stream went live" is a
 * Discord server or a Slack channel, whose incoming-webhook URLs take a message and nothing else. The owner pastes
 * that URL and picks the format; no bot in between.
 */
public enum WebhookFormat {
    ONAIR, DISCORD, SLACK;

    /** Every event a webhook can receive, in the order the dashboard lists them. */
    public static final List<String> EVENTS = List.of("stream.online", "stream.offline", "follow", "subscription",
            "donation");
    /** Discord refuses content over 2,000 characters (its "content" limit); Slack's text limit is far above. */
    static final int MAX_TEXT = 2000;

    /** {@code onair}, {@code discord} or {@code slack}: the API's and the database's name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WebhookFormat> of(String id) {
        for (WebhookFormat f : values()) {
            if (f.id().equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The body to POST.
     *
     * @param siteUrl the site's address for links, without a trailing slash ({@code https://live.example.org}),
     *                empty when unknown (the message then has no link)
     */
    String body(JsonMapper json, String event, String channel, String createdAt, Map<String, ?> data,
            String siteUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (this) {
            case ONAIR -> {
                body.put("event", event);
                body.put("channel", channel);
                body.put("createdAt", createdAt);
                body.put("data", data);
            }
            case DISCORD -> {
                body.put("content", cut(text(event, channel, data, siteUrl, WebhookFormat::discordEscape)));
                // No @everyone, @here, role or user pings, whatever a title or a donation message says:
                // https://discord.com/developers/docs/resources/message#allowed-mentions-object
                body.put("allowed_mentions", Map.of("parse", List.of()));
            }
            case SLACK -> body.put("text", cut(text(event, channel, data, siteUrl, WebhookFormat::slackEscape)));
        }
        return json.writeValueAsString(body);
    }

    /** The sentence a chat shows; {@code escape} is applied to what viewers and the streamer typed. */
    static String text(String event, String channel, Map<String, ?> data, String siteUrl,
            java.util.function.UnaryOperator<String> escape) {
        String who = escape.apply(string(data, "user"));
        String ch = escape.apply(channel);
        String link = siteUrl.isEmpty() ? "" : siteUrl + "/" + channel;
        String test = Boolean.TRUE.equals(data.get("testMode")) ? " (test mode: no money moved)" : "";
        return switch (event) {
            case "stream.online" -> {
                String title = string(data, "title");
                String s = "🔴 " + ch + " is live" + (title.isEmpty() ? "" : ": " + escape.apply(title));
                yield link.isEmpty() ? s : s + "\n" + link;
            }
            case "stream.offline" -> ch + " ended the stream.";
            case "follow" -> who + " followed " + ch + ".";
            case "subscription" -> who + " subscribed to " + ch
                    + (data.get("tier") == null ? "" : " (tier " + data.get("tier") + ")") + "." + test;
            case "donation" -> {
                String message = string(data, "message");
                yield who + " donated " + money(data) + " to " + ch
                        + (message.isEmpty() ? "." : ": " + escape.apply(message)) + test;
            }
            default -> ch + ": " + event;
        };
    }

    /** {@code 300 USD} (minor units) as {@code 3.00 USD}; {@code 5000 KRW} stays {@code 5000 KRW}. */
    static String money(Map<String, ?> data) {
        String code = string(data, "currency");
        long amount = data.get("amount") instanceof Number n ? n.longValue() : 0;
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 0;
        }
        return BigDecimal.valueOf(amount, digits).toPlainString() + " " + code;
    }

    /**
     * Discord's markdown characters, backslash-escaped, so that a title like {@code **FREE**} or a message with
     * a spoiler bar shows as typed, and {@code <@id>} or {@code <#id>} is not drawn as a mention (allowed_mentions
     * already keeps it from pinging anyone). Links are left as links.
     */
    static String discordEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\*_~`|<>#-[]()".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * The three characters Slack's mrkdwn asks to be escaped as entities
     * (https://api.slack.com/reference/surfaces/formatting#escaping): without it, {@code <!channel>} in a donation
     * message would notify the whole channel.
     */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('\n', ' ')
                .replace('\r', ' ');
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String string(Map<String, ?> data, String key) {
        Object v = data.get(key);
        return v == null ? "" : v.toString();
    }
}
