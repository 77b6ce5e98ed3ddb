package io.onair.media.fmp4;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.AvcDecoderConfig;
import java.util.HexFormat;

/**
 * Configs from the OBS 29 capture (shared/fixtures/obs-29-publish), the same as flv's FlvSamples (package-private
 * there): x264 1280x720 High 4.0, AAC-LC 48 kHz stereo with an explicit SBR sync extension.
 */
final class Samples {
    static final String SPS = "6764001facd9405005bb016a02020280000003008000001e478c18cb";
    static final String PPS = "68efbcb0";
    /** AVCDecoderConfigurationRecord: version 1, High 4.0, 4-byte lengths, one SPS, one PPS (43 bytes). */
    static final String AVCC = "0164001fffe1001c" + SPS + "010004" + PPS;
    static final String ASC = "119056e500";
    static final VideoConfig VIDEO = AvcDecoderConfig.parse(hex(AVCC));
    static final AudioConfig AUDIO = AudioSpecificConfig.parse(hex(ASC));

    private Samples() {
    }

    /** Hex with any whitespace and {@code |} separators, for readable box layouts. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }
}
