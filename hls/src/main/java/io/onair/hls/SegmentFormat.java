package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.util.Optional;

/**
 * The container segments are written in: the port between the segmenter (when to cut) and the muxer (how bytes
 * look). {@link TsSegmentFormat} writes MPEG-TS; tests use a readable fake; fMP4 comes later.
 */
public interface SegmentFormat {
    /** The segment file extension in URIs, without the dot. */
    String extension();

    /** A writer for one track set; a new one is opened whenever the tracks or their configs change. */
    SegmentWriter open(Optional<VideoConfig> video, Optional<AudioConfig> audio);
}
