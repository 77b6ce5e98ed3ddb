package io.onair.app.channel;

import io.onair.app.ingest.ChannelKeys;
import io.onair.app.ingest.StaticChannelKeys;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stream keys of both kinds: the operator's static keys ({@code onair.ingest.keys}, or the generated ones) and the
 * account channels' keys from the {@link ChannelCatalog}. {@link #keyOf} answers for static channels only: it feeds
 * the start-up banner and the demo publisher, and an account's key is shown to its owner alone, through the API.
 */
public final class AccountChannelKeys implements ChannelKeys {
    private final StaticChannelKeys statics;
    private final ChannelCatalog catalog;

    public AccountChannelKeys(StaticChannelKeys statics, ChannelCatalog catalog) {
        this.statics = statics;
        this.catalog = catalog;
    }

    @Override
    public Optional<String> channelForKey(String streamKey) {
        Optional<String> configured = statics.channelForKey(streamKey);
        return configured.isPresent() ? configured : catalog.channelForKey(streamKey);
    }

    /**
     * The static channels, then the account channels by name. An operator's channel whose key has left the
     * configuration is not among them (its page, status and chat answer 404, as before it had a row); its row, chat
     * history and followers are kept, and come back with its key.
     */
    @Override
    public Set<String> channels() {
        Set<String> all = new java.util.LinkedHashSet<>(statics.channels());
        for (String name : new TreeSet<>(catalog.names())) {
            if (isAccountChannel(name)) {
                all.add(name);
            }
        }
        return all;
    }

    /** Two map lookups, not {@link #channels()}'s sorted copy of every channel: status requests ask this. */
    @Override
    public boolean has(String channel) {
        return statics.channels().contains(channel) || isAccountChannel(channel);
    }

    private boolean isAccountChannel(String name) {
        return catalog.channel(name).map(ChannelRecord::hasOwner).orElse(false);
    }

    @Override
    public Optional<String> keyOf(String channel) {
        return statics.keyOf(channel);
    }

    /** Channels with a key from configuration (their names cannot be taken by an account). */
    public Set<String> staticChannels() {
        return statics.channels();
    }
}
