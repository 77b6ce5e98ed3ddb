package io.onair.hls;

import io.onair.media.TrackConfig;
import java.util.List;
import java.util.Optional;

/**
 * The container segments are written in: the port between the renditions (when to cut, which frames) and the
 * muxers (how bytes look). {@link Fmp4SegmentFormat} writes CMAF (the default), {@link TsSegmentFormat} MPEG-TS for
 * old clients; tests use a readable fake.
 */
public interface SegmentFormat {
    /** The segment file extension in URIs, without the dot: {@code m4s}, {@code ts}. */
    String extension();

    /**
     * True when every track is its own rendition (CMAF: video renditions are video-only, the audio is the
     * {@code audio} rendition of an {@code EXT-X-MEDIA} group, packaged once); false when the audio is muxed into
     * every variant (MPEG-TS, what old clients expect).
     */
    boolean separateTracks();

    /** The initialization segment of a track set ({@code EXT-X-MAP}), when the format has one. */
    Optional<byte[]> init(List<TrackConfig> tracks);

    /** A writer for one track set (track ids 1..n in list order); a new one is opened when the tracks change. */
    SegmentWriter open(List<TrackConfig> tracks);
}
