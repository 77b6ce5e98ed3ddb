package io.onair.app.restream;

import io.onair.app.api.ApiException;
import io.onair.app.api.ApiException.FieldError;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.security.OnairUser;
import io.onair.app.security.PublicAddresses;
import io.onair.rtmp.client.PushTarget;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's restream destinations: the owner alone adds, lists, turns on and off and deletes them (the stream
 * key of each is the owner's secret on another service; site admins, who cannot read stream keys here, do not get
 * these either). A change while the channel is live starts or stops the push at once.
 */
public final class RestreamService {
    /** Twitch, YouTube, Facebook, Kick and a spare: each is a full copy of the source's upload bandwidth. */
    public static final int MAX_DESTINATIONS = 5;
    public static final int MAX_NAME = 60;

    private final ChannelService channels;
    private final RestreamRepository repository;
    private final Restreamer restreamer;
    private final boolean allowPrivate;
    private final InstantSource clock;

    public RestreamService(ChannelService channels, RestreamRepository repository, Restreamer restreamer,
            boolean allowPrivate, InstantSource clock) {
        this.channels = channels;
        this.repository = repository;
        this.restreamer = restreamer;
        this.allowPrivate = allowPrivate;
        this.clock = clock;
    }

    /**
     * A destination as the owner sees it: the key reduced to its last four characters, and what the push is doing.
     */
    public record Destination(long id, String name, String url, String keyHint, boolean enabled, Instant createdAt,
            RestreamStatus status) {
    }

    public List<Destination> list(OnairUser user, String channel) {
        ChannelRecord c = owned(user, channel);
        return repository.byChannel(c.id()).stream().map(this::view).toList();
    }

    public Destination add(OnairUser user, String channel, String name, String url, String streamKey) {
        ChannelRecord c = owned(user, channel);
        List<FieldError> errors = new ArrayList<>();
        String cleanName = name == null ? "" : name.strip();
        String cleanUrl = url == null ? "" : url.strip();
        String cleanKey = streamKey == null ? "" : streamKey.strip();
        if (cleanName.isEmpty()) {
            errors.add(new FieldError("name", "is required (e.g. Twitch)"));
        } else if (cleanName.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (cleanKey.isEmpty()) {
            errors.add(new FieldError("streamKey", "is required: the key the other service gave you"));
        } else if (cleanKey.equals(c.streamKey())) {
            errors.add(new FieldError("streamKey", "is this channel's own stream key: pushing the channel to itself"
                    + " would take its own stream over"));
        }
        if (cleanUrl.isEmpty()) {
            errors.add(new FieldError("url", "is required, e.g. rtmp://live.twitch.tv/app"));
        } else if (!cleanKey.isEmpty()) {
            try {
                PushTarget target = PushTarget.parse(cleanUrl, cleanKey);
                addressProblem(target.host(), allowPrivate).ifPresent(p -> errors.add(new FieldError("url", p)));
            } catch (IllegalArgumentException e) {
                boolean aboutKey = e.getMessage() != null && e.getMessage().toLowerCase().contains("key");
                errors.add(new FieldError(aboutKey ? "streamKey" : "url", e.getMessage()));
            }
        }
        if (errors.isEmpty() && repository.count(c.id()) >= MAX_DESTINATIONS) {
            errors.add(new FieldError("url", "at most " + MAX_DESTINATIONS + " destinations per channel"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        RestreamRepository.Target t = repository.insert(c.id(), cleanName, cleanUrl, cleanKey, clock.instant());
        restreamer.changed(channel);
        return view(t);
    }

    public Destination setEnabled(OnairUser user, String channel, long id, boolean enabled) {
        ChannelRecord c = owned(user, channel);
        if (!repository.setEnabled(c.id(), id, enabled)) {
            throw ApiException.notFound("No restream destination " + id + " on this channel");
        }
        restreamer.changed(channel);
        return repository.byChannel(c.id()).stream().filter(t -> t.id() == id).findFirst().map(this::view)
                .orElseThrow();
    }

    public void delete(OnairUser user, String channel, long id) {
        ChannelRecord c = owned(user, channel);
        if (!repository.delete(c.id(), id)) {
            throw ApiException.notFound("No restream destination " + id + " on this channel");
        }
        restreamer.changed(channel);
    }

    private Destination view(RestreamRepository.Target t) {
        String key = t.streamKey();
        String hint = key.length() <= 8 ? "…" : "…" + key.substring(key.length() - 4);
        RestreamStatus status = restreamer.status(t.id()).orElseGet(() -> RestreamStatus.of(
                t.enabled() ? "offline" : "disabled", "", t.createdAt()));
        return new Destination(t.id(), t.name(), t.url(), hint, t.enabled(), t.createdAt(), status);
    }

    /**
     * The SSRF guard ({@link PublicAddresses}) webhooks have too: a channel owner must not make the server connect into its own network (a
     * database, a cloud metadata address), unless the operator allows it ({@code onair.restream.allow-private}:
     * pushing to another server on the LAN). Checked when the owner adds the destination and before every
     * connection (the name may resolve elsewhere later).
     */
    static java.util.Optional<String> addressProblem(String host, boolean allowPrivate) {
        return allowPrivate ? java.util.Optional.empty()
                : PublicAddresses.problem(host, "onair.restream.allow-private");
    }

    private ChannelRecord owned(OnairUser user, String name) {
        ChannelRecord channel = channels.channel(name);
        if (!channels.isOwner(user, channel)) {
            throw ApiException.forbidden("Only the channel's owner manages its restream destinations");
        }
        return channel;
    }
}
