package io.onair.app.channel;

import java.time.InstantSource;
import java.util.Map;

/**
 * Gives the channels of the operator's static stream keys ({@code onair.ingest.keys}, the generated default key, the
 * demo) their row in the {@code channel} table at start, so chat, follows, channel info and the chat beside replays
 * work on them as on account channels. Without it the channel a newcomer sees first, the demo, had no chat.
 *
 * <p>The row has no owner and no key (V12): site admins edit its info and moderate its chat, and may appoint
 * moderators; donations and subscriptions are refused (nobody would receive them). A name already taken by an
 * account keeps that account's row: the static key publishes to the account's channel, as before. A row stays when
 * its key leaves the configuration (its chat history and followers with it), and its name stays taken.
 */
public final class OperatorChannels {
    private final ChannelRepository channels;
    private final ChannelCatalog catalog;
    private final InstantSource clock;

    public OperatorChannels(ChannelRepository channels, ChannelCatalog catalog, InstantSource clock) {
        this.channels = channels;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Inserts the rows missing for the channel names of {@code firstInfo} (each with its info, set only when its row
     * is new: an admin's later edits win over it) and puts them in the catalog.
     */
    public void ensure(Map<String, ChannelInfo> firstInfo) {
        firstInfo.forEach((name, info) -> {
            if (catalog.channel(name).isEmpty()) {
                channels.insertOperatorChannel(name, info, clock.instant());
                channels.byName(name).ifPresent(catalog::put);
            }
        });
    }
}
