package io.onair.hls;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What readers of a channel see, replaced as a whole through a volatile reference after each change: a playlist or
 * MPD never lists a segment that is not in its rendition's {@code segments} yet, and nobody sees a half-updated
 * state (the master playlist, every media playlist and the MPD of one snapshot agree). Playlists are rendered
 * when first read ({@link Lazy}), from immutable values captured at publish time; the MPD when first read too, from
 * the channel's state at that time (never older than the snapshot's).
 */
record ChannelSnapshot(Optional<Lazy<String>> master, Optional<Lazy<Optional<DashManifest>>> mpd,
        Map<String, RenditionSnapshot> renditions,
        boolean live, Optional<Instant> lastLiveAt, Optional<Instant> graceUntil) {

    static final ChannelSnapshot EMPTY = new ChannelSnapshot(Optional.empty(), Optional.empty(), Map.of(), false,
            Optional.empty(), Optional.empty());

    /**
     * One rendition's playlist, its fetchable segments and init segments; with LL-HLS also the delta update
     * ({@code _HLS_skip}), the live edge blocking requests are answered against, and the fetchable parts.
     */
    record RenditionSnapshot(Optional<Lazy<String>> playlist, Map<Long, HlsSegment> segments, Map<Long, byte[]> inits,
            Optional<Lazy<String>> delta, Optional<LiveEdge> edge, Map<Long, java.util.List<HlsPart>> parts) {
    }
}
