package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * A listed segment as handed to a {@link SegmentArchive}: the segment itself (immutable bytes, sequence number,
 * timing, init number) and what a recorder needs to describe its rendition later without the live origin (codecs,
 * resolution, frame rate, sample rate).
 *
 * @param extension   {@code m4s} or {@code ts}
 * @param videoFrames video frames in it (frame rate = frames / duration)
 */
public record ArchivedSegment(HlsSegment segment, String extension, Optional<VideoConfig> video,
        Optional<AudioConfig> audio, int videoFrames) {
    public ArchivedSegment {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
    }
}
