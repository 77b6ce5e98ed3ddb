package io.onair.app.channel;

import java.time.Instant;

/** A row of the {@code channel} table. */
public record ChannelRecord(long id, String name, long ownerId, String streamKey, Instant streamKeyRotatedAt,
        ChannelInfo info, Instant infoUpdatedAt, Instant createdAt) {
}
