package io.onair.app.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels in memory: name, owner, info and stream key, mirrored from the database (account channels, and the
 * operator's channels of static keys, whose keys are not in the database: {@link OperatorChannels}). RTMP publishes are
 * decided on the Netty event loop, which must not wait for a database: the lookup here is one SHA-256 and one
 * {@link ConcurrentHashMap} read. The status API reads channel info from here too (every viewer polls it).
 *
 * <p>Loaded once at start; {@link ChannelService} (the only writer of the {@code channel} table) updates an entry
 * right after its transaction commits, before the API call returns: a rotated key is refused from the moment the
 * owner sees the new one. One server per database (the entries are not refreshed from other processes).
 *
 * <p>Keys are indexed by their SHA-256, so the map lookup's timing says nothing about the key itself.
 */
public final class ChannelCatalog {
    private final ConcurrentHashMap<String, ChannelRecord> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> channelByKeyHash = new ConcurrentHashMap<>();
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public ChannelCatalog(List<ChannelRecord> channels) {
        channels.forEach(this::put);
    }

    /** Adds or replaces a channel; its previous stream key (if another) stops working. */
    public synchronized void put(ChannelRecord channel) {
        ChannelRecord old = byName.put(channel.name(), channel);
        if (old != null && old.streamKey() != null && !old.streamKey().equals(channel.streamKey())) {
            channelByKeyHash.remove(sha256(old.streamKey()), old.name());
        }
        if (channel.streamKey() != null) {
            channelByKeyHash.put(sha256(channel.streamKey()), channel.name());
        }
    }

    /**
     * A deleted account's channel: gone, its key refused at once. The name is remembered until the server stops
     * ({@link #deleted}): a page opened before holds the account in its WebSocket, and a restart closes those.
     */
    public synchronized void remove(String name) {
        ChannelRecord old = byName.remove(name);
        if (old != null && old.streamKey() != null) {
            channelByKeyHash.remove(sha256(old.streamKey()), name);
        }
        suspended.remove(name);
        deleted.add(name);
    }

    /** Whether the account of this name (= channel) was deleted while this server ran. */
    public boolean deleted(String name) {
        return deleted.contains(name);
    }

    /** The channel whose key this is, unless its account is suspended. */
    public Optional<String> channelForKey(String streamKey) {
        return Optional.ofNullable(channelByKeyHash.get(sha256(streamKey))).filter(c -> !suspended.contains(c));
    }

    /** Whether the account owning this channel (the username is the channel's name) is suspended. */
    public boolean suspended(String channel) {
        return suspended.contains(channel);
    }

    /** A suspended account's channel: its key is refused until {@code suspended} is false again. */
    public void setSuspended(String channel, boolean suspended) {
        if (suspended) {
            this.suspended.add(channel);
        } else {
            this.suspended.remove(channel);
        }
    }

    public Optional<ChannelRecord> channel(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
