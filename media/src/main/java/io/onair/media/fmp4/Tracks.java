package io.onair.media.fmp4;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;
import io.onair.media.Timebase;
import io.onair.media.TrackConfig;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.h264.AvcDecoderConfig;
import java.util.List;
import java.util.Objects;

/** Checks shared by the init segment and the fragment writer, so both accept exactly the same track lists. */
final class Tracks {
    /**
     * One video and one audio track is what Onair muxes; a few more leave room for alternates. Beyond that a list
     * is a caller bug, and every fragment would carry that many track fragment boxes.
     */
    static final int MAX_TRACKS = 8;
    /** avc1's width and height are u16 (ISO/IEC 14496-12 §12.1.3). */
    static final int MAX_DIMENSION = 0xFFFF;

    private Tracks() {
    }

    /**
     * @throws IllegalArgumentException if the list is empty, too long or holds null
     * @throws MediaFormatException     if a track cannot be stored in fMP4 (codec, NAL length size, dimensions)
     */
    static List<TrackConfig> check(List<TrackConfig> tracks) {
        Objects.requireNonNull(tracks, "tracks");
        if (tracks.isEmpty() || tracks.size() > MAX_TRACKS) {
            throw new IllegalArgumentException("an fMP4 init segment needs 1 to " + MAX_TRACKS + " tracks, got "
                    + tracks.size());
        }
        for (int i = 0; i < tracks.size(); i++) {
            TrackConfig track = Objects.requireNonNull(tracks.get(i), "track " + (i + 1));
            if (track instanceof VideoConfig v) {
                if (v.codec() != VideoCodec.H264) {
                    throw new MediaFormatException("track " + (i + 1) + ": " + v.codec()
                            + " is not packaged in fMP4 (only H264)");
                }
                int lengthSize = AvcDecoderConfig.lengthSize(v.decoderConfig());
                if (lengthSize != 4) {
                    // VideoFrame data always has 4-byte lengths, and the avcC must describe the samples as stored.
                    throw new MediaFormatException("track " + (i + 1) + ": avcC NAL length size " + lengthSize
                            + " does not match the 4-byte lengths of VideoFrame data");
                }
                if (v.width() > MAX_DIMENSION || v.height() > MAX_DIMENSION) {
                    throw new MediaFormatException("track " + (i + 1) + ": video size " + v.width() + "x"
                            + v.height() + " does not fit avc1's 16-bit width and height");
                }
            }
        }
        return List.copyOf(tracks);
    }

    /**
     * The media timescale: 90 kHz for video, so frame timestamps are stored unchanged; the sampling rate for audio,
     * so every AAC access unit lasts exactly {@code samplesPerFrame} ticks (1024).
     */
    static long timescale(TrackConfig track) {
        return switch (track) {
            case VideoConfig v -> Timebase.MPEG;
            case AudioConfig a -> a.sampleRate();
        };
    }
}
