package io.onair.app.webhook;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.security.OnairUser;
import java.security.SecureRandom;
import java.time.InstantSource;
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

    public WebhookRepository.Webhook register(OnairUser user, String name, String url) {
        ChannelRecord channel = owned(user, name);
        urls.problem(url).ifPresent(p -> {
            throw ApiException.invalid(List.of(new ApiException.FieldError("url", p)));
        });
        if (repository.count(channel.id()) >= MAX_WEBHOOKS) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("url",
                    "at most " + MAX_WEBHOOKS + " webhooks per channel")));
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return repository.insert(channel.id(), url.strip(), "whsec_" + HexFormat.of().formatHex(secret),
                clock.instant());
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
