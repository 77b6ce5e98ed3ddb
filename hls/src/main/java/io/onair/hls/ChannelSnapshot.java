package io.onair.hls;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What readers of a channel see, replaced as a whole through a volatile reference after each change: a playlist
 * never lists a segment that is not in {@code segments} yet, and nobody sees a half-updated state.
 */
record ChannelSnapshot(Optional<String> master, Optional<String> media, Map<Long, HlsSegment> segments,
        boolean live, Optional<Instant> lastLiveAt, Optional<Instant> graceUntil) {

    static final ChannelSnapshot EMPTY =
            new ChannelSnapshot(Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty(), Optional.empty());
}
