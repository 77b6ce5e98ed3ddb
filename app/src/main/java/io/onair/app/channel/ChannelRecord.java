package io.onair.app.channel;

import java.time.Instant;

/**
 * A row of the {@code channel} table. An account's channel has its owner's id and its stream key; an operator's
 * channel (a static key's, V12) has {@link #NO_OWNER} and a null {@code streamKey}: its key lives in the
 * configuration. Account ids start at 1, so comparing {@code ownerId} with a signed-in user's id is never true for it.
 */
public record ChannelRecord(long id, String name, long ownerId, String streamKey, Instant streamKeyRotatedAt,
        ChannelInfo info, Instant infoUpdatedAt, Instant createdAt) {
    /** The {@code ownerId} of an operator's channel (the column is null). */
    public static final long NO_OWNER = 0;

    /** Whether an account owns this channel (false for the channels of the operator's static keys). */
    public boolean hasOwner() {
        return ownerId != NO_OWNER;
    }
}
