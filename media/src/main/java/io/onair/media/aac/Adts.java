package io.onair.media.aac;

import io.onair.media.AudioConfig;

/** ADTS framing for an {@link AudioConfig}; see {@link AdtsHeader} for the layout. */
public final class Adts {
    private Adts() {
    }

    /**
     * The 7-byte header (no CRC) to put before one raw AAC frame of the config. For HE-AAC (5/29) it describes the
     * LC core (profile 1, core rate and channel configuration), as ISO/IEC 14496-3 §1.A.2 requires; decoders find
     * the SBR/PS data implicitly. Parses the config's AudioSpecificConfig on each call (a few bits); per-frame
     * callers keep {@link AudioSpecificConfig#decode} and use {@link AdtsHeader#of} instead.
     *
     * @throws io.onair.media.MediaFormatException if the config cannot be expressed in ADTS or the frame is too long
     */
    public static byte[] header(AudioConfig config, int payloadLength) {
        return AdtsHeader.of(AudioSpecificConfig.decode(config.decoderConfig()), payloadLength).encode();
    }
}
