package io.onair.app.channel;

import io.onair.app.account.Account;
import io.onair.app.account.AccountRepository;
import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.security.OnairUser;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Channel info, stream keys and moderators, with who may do what:
 * <ul>
 * <li>info: the owner and site admins edit it; everyone reads it;</li>
 * <li>stream key: the owner alone reads and rotates it (an admin who could read keys could stream as anyone);</li>
 * <li>moderators: the owner and site admins appoint and remove them; everyone may list them.</li>
 * </ul>
 * Every write updates the {@link ChannelCatalog} right after it commits.
 */
@Service
public class ChannelService {
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,24}");
    static final int MAX_TAGS = 10;

    private final ChannelRepository channels;
    private final AccountRepository accounts;
    private final ChannelCatalog catalog;
    private final ApplicationEventPublisher events;
    private final InstantSource clock;

    public ChannelService(ChannelRepository channels, AccountRepository accounts, ChannelCatalog catalog,
            ApplicationEventPublisher events, InstantSource clock) {
        this.channels = channels;
        this.accounts = accounts;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
    }

    public ChannelRecord channel(String name) {
        return channels.byName(name).orElseThrow(() -> ApiException.notFound("No channel named '" + name + "'"));
    }

    public boolean isOwner(OnairUser user, ChannelRecord channel) {
        return user.id() == channel.ownerId();
    }

    /** Owner, appointed moderator or site admin: may moderate the channel's chat. */
    public boolean canModerate(OnairUser user, ChannelRecord channel) {
        return isOwner(user, channel) || user.admin() || channels.isModerator(channel.id(), user.id());
    }

    public ChannelInfo updateInfo(OnairUser user, String name, ChannelInfo requested) {
        ChannelRecord channel = channel(name);
        if (!isOwner(user, channel) && !user.admin()) {
            throw ApiException.forbidden("Only the channel's owner can edit its info");
        }
        ChannelInfo info = validate(requested);
        Instant now = clock.instant();
        channels.updateInfo(channel.id(), info, now);
        catalog.put(channels.byName(name).orElseThrow());
        events.publishEvent(new ChannelInfoChanged(name, info, now));
        return info;
    }

    public ChannelRecord streamKey(OnairUser user, String name) {
        ChannelRecord channel = channel(name);
        if (!channel.hasOwner()) {
            throw ApiException.forbidden("Channel '" + name + "' publishes with a key from the server's"
                    + " configuration (onair.ingest.keys, or stream-keys.properties in the data directory)");
        }
        if (!isOwner(user, channel)) {
            throw ApiException.forbidden("Only the channel's owner can see its stream key");
        }
        return channel;
    }

    /**
     * A new key for the channel. The old one is refused for new publishes as soon as this returns; a session that
     * is live with it keeps streaming (it was authorised when it started) until it disconnects.
     */
    public ChannelRecord rotateStreamKey(OnairUser user, String name) {
        ChannelRecord channel = streamKey(user, name);
        channels.updateStreamKey(channel.id(), StreamKeys.newKey(), clock.instant());
        ChannelRecord rotated = channels.byName(name).orElseThrow();
        catalog.put(rotated);
        return rotated;
    }

    public List<Moderator> moderators(String name) {
        return channels.moderators(channel(name).id());
    }

    public void addModerator(OnairUser user, String name, String username) {
        ChannelRecord channel = manageable(user, name);
        Account account = account(username);
        if (account.id() == channel.ownerId()) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("username",
                    "is the channel's owner")));
        }
        channels.addModerator(channel.id(), account.id(), clock.instant());
    }

    public void removeModerator(OnairUser user, String name, String username) {
        ChannelRecord channel = manageable(user, name);
        channels.removeModerator(channel.id(), account(username).id());
    }

    public List<String> moderatedBy(OnairUser user) {
        return channels.moderatedBy(user.id());
    }

    private ChannelRecord manageable(OnairUser user, String name) {
        ChannelRecord channel = channel(name);
        if (!isOwner(user, channel) && !user.admin()) {
            throw ApiException.forbidden("Only the channel's owner can appoint or remove moderators");
        }
        return channel;
    }

    private Account account(String username) {
        return accounts.byUsername(username.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ApiException.notFound("No account named '" + username + "'"));
    }

    static ChannelInfo validate(ChannelInfo in) {
        Validation v = new Validation();
        String title = v.text("title", in.title(), false, 140);
        String category = v.text("category", in.category(), false, 50);
        String language = v.text("language", in.language(), false, 35);
        if (!language.isEmpty() && !LANGUAGE.matcher(language).matches()) {
            v.reject("language", "must be a language tag such as 'en', 'ko' or 'pt-BR'");
        }
        String goLive = v.text("goLiveText", in.goLiveText(), false, 280);
        Set<String> tags = new LinkedHashSet<>();
        List<String> given = in.tags() == null ? List.of() : in.tags();
        if (given.size() > MAX_TAGS) {
            v.reject("tags", "at most " + MAX_TAGS + " tags");
        }
        for (int i = 0; i < given.size() && i < MAX_TAGS; i++) {
            String tag = given.get(i) == null ? "" : given.get(i).strip();
            if (!TAG.matcher(tag).matches()) {
                v.reject("tags[" + i + "]", "must be 1-25 letters, digits, spaces, '_' or '-'");
            } else {
                tags.add(tag);
            }
        }
        v.check();
        return new ChannelInfo(title, category, new ArrayList<>(tags), language, goLive);
    }
}
