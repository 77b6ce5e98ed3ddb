package io.onair.hls;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a recorded rendition carries, from its segments' configs ({@link ArchivedSegment#video()},
 * {@link ArchivedSegment#audio()}).
 *
 * @param audio      an audio-only rendition (fMP4 {@code audio}, or an MPEG-TS source without video)
 * @param codecs     RFC 6381 codecs of every track in its segments: {@code avc1.64001f}; with MPEG-TS the muxed
 *                   audio too, {@code avc1.64001f,mp4a.40.2}
 * @param width      pixels; 0 for audio
 * @param height     pixels; 0 for audio
 * @param frameRate  frames per second as measured live (video frames / duration); empty for audio
 * @param sampleRate Hz (the fMP4 audio timescale); 0 for video
 * @param channels   0 for video
 */
public record VodTrack(boolean audio, String codecs, int width, int height, OptionalDouble frameRate, int sampleRate,
        int channels) {
    public VodTrack {
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(frameRate, "frameRate");
        if (audio && sampleRate <= 0) {
            throw new IllegalArgumentException("an audio track needs its sample rate, got " + sampleRate);
        }
        if (!audio && (width <= 0 || height <= 0)) {
            throw new IllegalArgumentException("a video track needs its size, got " + width + "x" + height);
        }
    }
}
