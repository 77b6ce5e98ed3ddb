package io.onair.app.ingest;

import java.util.Optional;
import java.util.Set;

/** Which channel a stream key publishes to. Static keys from configuration today; channel accounts later. */
public interface ChannelKeys {
    /** The channel a key belongs to, compared in constant time. */
    Optional<String> channelForKey(String streamKey);

    /** Every channel that can go live. */
    Set<String> channels();

    /** Whether {@link #channels()} has it: asked per request (status, the watch page's WebSocket). */
    default boolean has(String channel) {
        return channels().contains(channel);
    }

    /** The key of a channel, for the operator's start-up banner and the demo publisher. */
    Optional<String> keyOf(String channel);
}
