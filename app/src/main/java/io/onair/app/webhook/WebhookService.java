package io.onair.app.webhook;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.security.OnairUser;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A channel's webhooks: the owner alone registers, lists (with their secrets), deletes them and reads the log. */
public final class WebhookService {
    /** Per channel: enough for a bot, an alert service and a spare; each event is one delivery per webhook. */
    public static final int MAX_WEBHOOKS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelService channels;
    private final WebhookRepository repository;
    private final WebhookUrls urls;
    private final InstantSource clock;

    public WebhookService(ChannelService channels, WebhookRepository repository, WebhookUrls urls,
            InstantSource clock) {
        this.channels = channels;
        this.repository = repository;
        this.urls = urls;
        this.clock = clock;
    }

    /**
     * Registers a webhook.
     *
     * @param format  {@code onair} (default, when null), {@code discord} or {@code slack}
     * @param events  the events it receives (null or empty: every event)
     * @param siteUrl the site's address as the owner's browser reached it (links in chat messages); empty if unknown
     */
    public WebhookRepository.Webhook register(OnairUser user, String name, String url, String format,
            List<String> events, String siteUrl) {
        ChannelRecord channel = owned(user, name);
        List<ApiException.FieldError> errors = new ArrayList<>();
        urls.problem(url).ifPresent(p -> errors.add(new ApiException.FieldError("url", p)));
        String formatId = format == null || format.isBlank() ? WebhookFormat.ONAIR.id() : format.strip();
        if (WebhookFormat.of(formatId).isEmpty()) {
            errors.add(new ApiException.FieldError("format", "must be one of onair, discord, slack"));
        }
        List<String> wanted = events == null ? List.of() : events;
        if (wanted.size() > WebhookFormat.EVENTS.size()) {
            errors.add(new ApiException.FieldError("events", "lists more events than there are"));
        } else {
            for (int i = 0; i < wanted.size(); i++) {
                if (!WebhookFormat.EVENTS.contains(wanted.get(i))) {
                    errors.add(new ApiException.FieldError("events[" + i + "]",
                            "must be one of " + String.join(", ", WebhookFormat.EVENTS)));
                }
            }
        }
        if (errors.isEmpty() && repository.count(channel.id()) >= MAX_WEBHOOKS) {
            errors.add(new ApiException.FieldError("url", "at most " + MAX_WEBHOOKS + " webhooks per channel"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        // In the dashboard's order, once each: "every event" is stored as none.
        List<String> stored = WebhookFormat.EVENTS.stream().filter(wanted::contains).toList();
        return repository.insert(channel.id(), url.strip(), "whsec_" + HexFormat.of().formatHex(secret), formatId,
                stored.size() == WebhookFormat.EVENTS.size() ? List.of() : stored, siteUrl, clock.instant());
    }

    public List<WebhookRepository.Webhook> list(OnairUser user, String name) {
        return repository.byChannel(owned(user, name).id());
    }

    public void delete(OnairUser user, String name, long id) {
        if (!repository.delete(owned(user, name).id(), id)) {
            throw ApiException.notFound("No webhook " + id + " on this channel");
        }
    }

    public List<WebhookRepository.Delivery> log(OnairUser user, String name) {
        return repository.log(owned(user, name).id(), 100);
    }

    private ChannelRecord owned(OnairUser user, String name) {
        ChannelRecord channel = channels.channel(name);
        if (!channels.isOwner(user, channel)) {
            throw ApiException.forbidden("Only the channel's owner manages its webhooks");
        }
        return channel;
    }
}
