package io.onair.app.replay;

import io.onair.hls.VodPresentation;
import io.onair.hls.VodRendition;
import java.util.List;
import java.util.Optional;

/**
 * A replay as served: its row and its renditions' segments (from memory while live, else from the index).
 *
 * @param windowed              cut to the live rewind window: older segments are no longer listed
 * @param discontinuitySequence discontinuities of the reference rendition before the first listed segment (a live
 *                              rewind window that slid past some: {@code EXT-X-DISCONTINUITY-SEQUENCE})
 */
public record ReplayView(Broadcast broadcast, List<VodRendition> renditions, long discontinuitySequence,
        boolean windowed) {

    public ReplayView(Broadcast broadcast, List<VodRendition> renditions) {
        this(broadcast, renditions, 0, false);
    }

    /** The rendition whose sequence numbers define the timeline ({@link VodPresentation#reference}). */
    public Optional<VodRendition> reference() {
        return VodPresentation.reference(renditions);
    }

    public Optional<VodRendition> rendition(String name) {
        return renditions.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
