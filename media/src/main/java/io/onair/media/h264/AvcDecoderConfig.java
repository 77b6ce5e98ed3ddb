package io.onair.media.h264;

import io.onair.media.VideoConfig;

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1), the {@code avcC} body FLV carries in its AVC sequence
 * header and fMP4 stores in its sample entry.
 */
public final class AvcDecoderConfig {
    private AvcDecoderConfig() {
    }

    /**
     * Parses a record into a {@link VideoConfig}: SPS/PPS lists, width and height from the first SPS (cropping
     * applied), and the {@code avc1.PPCCLL} codecs string (RFC 6381 §3.3).
     *
     * @throws io.onair.media.MediaFormatException if the record or its SPS is malformed
     */
    public static VideoConfig parse(byte[] avcC) {
        throw new UnsupportedOperationException("implemented by the media codecs work");
    }
}
