package io.onair.transcode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The H.264 encoders the transcoder can drive, by ffmpeg name. Each forces IDR frames where it is told to (the
 * source's keyframes) and makes none of its own: no scene-cut keyframes, a GOP longer than any source's, closed
 * GOPs, so every rendition has its keyframes at the same instants and segments line up across the ladder.
 */
public enum Encoder {
    /** Software x264: present in every ffmpeg build that matters (Debian's, the bundled bytedeco gpl build). */
    LIBX264("libx264", Set.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
            "veryslow")),
    /** NVIDIA NVENC. Presets p1 (fastest) to p7 (best); the legacy names are accepted by ffmpeg 5+ too. */
    H264_NVENC("h264_nvenc", Set.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "fast", "medium", "slow")),
    /** VA-API (Intel, AMD): needs {@code onair.transcode.vaapi-device}; it has no presets. */
    H264_VAAPI("h264_vaapi", Set.of()),
    /** Intel Quick Sync. */
    H264_QSV("h264_qsv", Set.of("veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"));

    /** A GOP longer than any source's, so the only keyframes are the forced ones. */
    static final String LONG_GOP = "100000";

    private final String ffmpegName;
    private final Set<String> presets;

    Encoder(String ffmpegName, Set<String> presets) {
        this.ffmpegName = ffmpegName;
        this.presets = presets;
    }

    public String ffmpegName() {
        return ffmpegName;
    }

    public boolean hasPresets() {
        return !presets.isEmpty();
    }

    public boolean acceptsPreset(String preset) {
        return presets.contains(preset);
    }

    /** @throws IllegalArgumentException naming {@code key} for names outside this enum */
    public static Encoder of(String key, String ffmpegName) {
        for (Encoder e : values()) {
            if (e.ffmpegName.equals(ffmpegName.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + ": encoder '" + ffmpegName + "' is not one of libx264, h264_nvenc,"
                + " h264_vaapi, h264_qsv");
    }

    /**
     * The encoder's options after {@code -c:v}: preset, and the settings that leave keyframes to
     * {@code -force_key_frames}. B-frames are left at the preset's choice (x264 veryfast: 3): the packager aligns
     * segments by PTS, and their ~3 frames of extra delay (100 ms at 30 fps) buy 10-15 % bitrate at equal quality.
     */
    List<String> options(String preset) {
        return switch (this) {
            // keyint=infinite + scenecut=0: x264 itself never decides a keyframe; open-gop=0: every forced keyframe
            // is an IDR that starts a closed GOP (forced-idr makes ffmpeg ask for IDR, not just an I frame).
            case LIBX264 -> List.of("-preset", preset, "-x264-params", "keyint=infinite:scenecut=0:open-gop=0",
                    "-forced-idr", "1");
            case H264_NVENC -> List.of("-preset", preset, "-g", LONG_GOP, "-no-scenecut", "1", "-forced-idr", "1");
            case H264_QSV -> List.of("-preset", preset, "-g", LONG_GOP, "-forced_idr", "1");
            // VA-API encodes a frame marked I (what -force_key_frames does) as an IDR.
            case H264_VAAPI -> List.of("-g", LONG_GOP);
        };
    }
}
