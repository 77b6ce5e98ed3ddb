package io.onair.media;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Video decoder configuration.
 *
 * @param decoderConfig the codec's configuration record as carried by FLV and fMP4 ({@code avcC} body for H.264:
 *                      AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.3.3.1)
 * @param sps           sequence parameter sets, raw NAL units without length or start code
 * @param pps           picture parameter sets, raw NAL units
 * @param codecsString  RFC 6381 codecs string, e.g. {@code avc1.64001f}
 */
public record VideoConfig(
        VideoCodec codec,
        int width,
        int height,
        byte[] decoderConfig,
        List<byte[]> sps,
        List<byte[]> pps,
        String codecsString) implements TrackConfig {

    public VideoConfig {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(decoderConfig, "decoderConfig");
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
        Objects.requireNonNull(codecsString, "codecsString");
        if (width <= 0 || height <= 0) {
            throw new MediaFormatException("video size " + width + "x" + height + " is not positive");
        }
    }

    /** Records compare arrays by identity; configs compare by content, so a repeated sequence header is no change. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VideoConfig v && codec == v.codec && width == v.width && height == v.height
                && Arrays.equals(decoderConfig, v.decoderConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, width, height, Arrays.hashCode(decoderConfig));
    }

    @Override
    public String toString() {
        return "VideoConfig[" + codecsString + " " + width + "x" + height + "]";
    }
}
