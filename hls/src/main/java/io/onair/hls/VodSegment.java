package io.onair.hls;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One recorded segment of a broadcast, as indexed (its bytes are in storage, served at
 * {@code {rendition}/{sequence}.{m4s|ts}}). Fields as the live {@link HlsSegment} it was.
 *
 * @param sequence        its media sequence number: the same instant in every rendition of the broadcast
 * @param start           90 kHz: its start on the media timeline (video: keyframe PTS; audio: first DTS)
 * @param durationTicks   90 kHz duration; positive
 * @param discontinuity   it was preceded by {@code EXT-X-DISCONTINUITY} live (a republish, a timestamp jump, a config
 *                        change)
 * @param programDateTime the ingest wall clock of its first frame ({@code EXT-X-PROGRAM-DATE-TIME})
 * @param init            the number of its init segment ({@code init-{n}.mp4}); empty for MPEG-TS
 * @param bytes           its size, for the bandwidths of the master playlist and the MPD
 */
public record VodSegment(long sequence, long start, long durationTicks, boolean discontinuity,
        Instant programDateTime, OptionalLong init, long bytes) {
    private static final byte[] NO_BYTES = new byte[0];

    public VodSegment {
        Objects.requireNonNull(programDateTime, "programDateTime");
        Objects.requireNonNull(init, "init");
        if (durationTicks <= 0) {
            throw new IllegalArgumentException("segment " + sequence + ": duration " + durationTicks + " ticks");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("segment " + sequence + ": " + bytes + " bytes");
        }
    }

    /** Its {@code EXTINF} duration. */
    public double durationSeconds() {
        return durationTicks / 90_000.0;
    }

    /** As the playlist renderers take a segment: without bytes, they are in storage. */
    HlsSegment listed(boolean discontinuity) {
        return new HlsSegment(sequence, NO_BYTES, durationSeconds(), discontinuity, programDateTime, "vod", init,
                start, durationTicks, false);
    }

    /** Its bit rate, bit/s, rounded up; exact (bits × 90 000 / ticks), where the live window divides doubles. */
    long bitRate() {
        return Math.ceilDiv(bytes * 8 * 90_000, durationTicks);
    }
}
