package io.onair.hls;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What readers of a channel see, replaced as a whole through a volatile reference after each change: a playlist or
 * MPD never lists a segment that is not in its rendition's {@code segments} yet, and nobody sees a half-updated
 * state (the master playlist, every media playlist and the MPD of one snapshot agree). Playlists are rendered
 * when first read ({@link Rendered}), from immutable values captured at publish time.
 */
record ChannelSnapshot(Optional<Rendered> master, Optional<DashManifest> mpd, Map<String, RenditionSnapshot> renditions,
        boolean live, Optional<Instant> lastLiveAt, Optional<Instant> graceUntil) {

    static final ChannelSnapshot EMPTY = new ChannelSnapshot(Optional.empty(), Optional.empty(), Map.of(), false,
            Optional.empty(), Optional.empty());

    /**
     * One rendition's playlist, its fetchable segments and init segments; with LL-HLS also the delta update
     * ({@code _HLS_skip}), the live edge blocking requests are answered against, and the fetchable parts.
     */
    record RenditionSnapshot(Optional<Rendered> playlist, Map<Long, HlsSegment> segments, Map<Long, byte[]> inits,
            Optional<Rendered> delta, Optional<LiveEdge> edge, Map<Long, java.util.List<HlsPart>> parts) {
    }
}
