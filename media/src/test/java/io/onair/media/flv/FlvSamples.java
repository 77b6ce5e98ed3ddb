package io.onair.media.flv;

import java.util.HexFormat;

/** Tag bodies taken from the OBS 29 capture (shared/fixtures/obs-29-publish): x264 1280x720 High, AAC-LC 48 kHz. */
final class FlvSamples {
    static final String SPS = "6764001facd9405005bb016a02020280000003008000001e478c18cb";
    static final String PPS = "68efbcb0";
    /** AVCDecoderConfigurationRecord: version 1, High 4.0 (0x64 0x00 0x1f), 4-byte lengths, one SPS, one PPS. */
    static final String AVCC = "0164001fffe1001c" + SPS + "010004" + PPS;
    /** AudioSpecificConfig: AAC-LC, 48 kHz, stereo, with an explicit SBR sync extension (as OBS writes it). */
    static final String ASC = "119056e500";

    private FlvSamples() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }
}
