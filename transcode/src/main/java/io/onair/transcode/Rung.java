package io.onair.transcode;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One transcoded step of the ladder.
 *
 * @param name         the rendition's name in URLs and playlists ({@code 720p}): 1-16 characters of a-z, 0-9, '_', '-'
 * @param height       output height in pixels, even (4:2:0 chroma needs even sizes); the width follows the source's
 *                     aspect ratio
 * @param fps          highest frame rate: a faster source is thinned to about this rate (never its keyframes)
 * @param videoKbps    target average video bitrate, kbit/s
 * @param maxKbps      VBV peak rate, kbit/s (default: {@code videoKbps}, so the HLS BANDWIDTH peak stays close to the
 *                     nominal rate and ABR players can trust it)
 * @param bufsizeKbits VBV buffer, kbit (default: 2 × {@code videoKbps}: two seconds, room for a 2 s GOP's keyframe
 *                     burst without starving the frames after it)
 */
public record Rung(String name, int height, int fps, int videoKbps, int maxKbps, int bufsizeKbits) {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");

    public Rung {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rung name '" + name
                    + "' must be 1-16 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        if (name.equals("source") || name.equals("audio")) {
            throw new IllegalArgumentException("rung name '" + name + "' is the packager's own ('source' is the"
                    + " passthrough rendition, 'audio' the audio group)");
        }
        // 4320 = 8K: anything higher is a typo, not a rendition.
        if (height < 64 || height > 4320 || height % 2 != 0) {
            throw new IllegalArgumentException("rung " + name + ": height must be even and between 64 and 4320, was "
                    + height);
        }
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("rung " + name + ": fps must be between 1 and 240, was " + fps);
        }
        // 50 Mbit/s is above any live ladder's top rung; below 50 kbit/s H.264 shows nothing recognisable.
        if (videoKbps < 50 || videoKbps > 50_000) {
            throw new IllegalArgumentException("rung " + name + ": video-kbps must be between 50 and 50000, was "
                    + videoKbps);
        }
        if (maxKbps < videoKbps) {
            throw new IllegalArgumentException("rung " + name + ": max-kbps (" + maxKbps
                    + ") must not be below video-kbps (" + videoKbps + ")");
        }
        if (bufsizeKbits < videoKbps / 4) {
            throw new IllegalArgumentException("rung " + name + ": bufsize-kbits (" + bufsizeKbits
                    + ") must be at least a quarter second of video-kbps (" + videoKbps / 4 + ")");
        }
    }

    /** A rung with the default VBV: peak = target, buffer = two seconds. */
    public static Rung of(String name, int height, int fps, int videoKbps) {
        return new Rung(name, height, fps, videoKbps, videoKbps, 2 * videoKbps);
    }
}
