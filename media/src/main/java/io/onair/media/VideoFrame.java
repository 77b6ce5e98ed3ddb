package io.onair.media;

import java.util.Objects;

/**
 * A video access unit.
 *
 * @param data the NAL units of one picture, each preceded by a 4-byte big-endian length ("AVCC" framing, as in
 *             ISO/IEC 14496-15 with lengthSizeMinusOne = 3), without parameter sets that only repeat the config.
 *             fMP4 stores this as is; MPEG-TS converts it to Annex B start codes.
 */
public record VideoFrame(VideoConfig config, long dts, long pts, boolean keyframe, byte[] data) implements MediaFrame {
    public VideoFrame {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
        if (pts < dts) {
            throw new MediaFormatException("video pts " + pts + " is before dts " + dts);
        }
    }

    /** Composition time offset (pts - dts), 90 kHz: non-zero when the encoder uses B-frames. */
    public long compositionOffset() {
        return pts - dts;
    }

    @Override
    public boolean isSyncPoint() {
        return keyframe;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + config.codec() + " dts=" + dts + " pts=" + pts + (keyframe ? " key" : "") + " "
                + data.length + " B]";
    }
}
