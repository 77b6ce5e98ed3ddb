package io.onair.media.aac;

import io.onair.media.MediaFormatException;

/**
 * An ADTS frame header (ISO/IEC 14496-3 §1.A.2.2, first defined in ISO/IEC 13818-7 §6.2), the framing MPEG-TS uses
 * for AAC (stream_type 0x0F). Written without CRC (protection_absent = 1), 7 bytes:
 *
 * <pre>
 * syncword 0xFFF(12) ID(1)=0 MPEG-4  layer(2)=0  protection_absent(1)=1
 * profile(2)=objectType-1  sampling_frequency_index(4)  private_bit(1)  channel_configuration(3)
 * original_copy(1) home(1) copyright_id_bit(1) copyright_id_start(1)  aac_frame_length(13, header included)
 * adts_buffer_fullness(11)=0x7FF (variable rate)  number_of_raw_data_blocks_in_frame(2)=0
 * </pre>
 *
 * @param objectType           the AAC core object type, 1–4 (ADTS' 2-bit profile is objectType - 1)
 * @param sampleRate           one of the table rates; ADTS cannot carry an explicit rate
 * @param channelConfiguration 0–7
 * @param payloadLength        bytes of raw_data_block after the header
 */
public record AdtsHeader(int objectType, int sampleRate, int channelConfiguration, int payloadLength) {
    public static final int LENGTH = 7;
    /** With CRC (protection_absent = 0) the header is two bytes longer. */
    private static final int LENGTH_WITH_CRC = 9;
    /** aac_frame_length is 13 bits and counts the header. */
    public static final int MAX_PAYLOAD = (1 << 13) - 1 - LENGTH;

    public AdtsHeader {
        if (objectType < 1 || objectType > 4) {
            throw new MediaFormatException("ADTS cannot carry audio object type " + objectType
                    + " (its 2-bit profile holds 1-4)");
        }
        if (SamplingFrequency.index(sampleRate) < 0) {
            throw new MediaFormatException("ADTS cannot carry sampling frequency " + sampleRate
                    + " (no table index, and ADTS has no explicit form)");
        }
        if (channelConfiguration < 0 || channelConfiguration > 7) {
            throw new MediaFormatException("ADTS channel_configuration " + channelConfiguration + " is not 0-7");
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new MediaFormatException("AAC frame of " + payloadLength + " bytes exceeds ADTS' " + MAX_PAYLOAD);
        }
    }

    /** The header for one frame of a config: the core object type and rate, which is what HE-AAC's ADTS carries. */
    public static AdtsHeader of(AudioSpecificConfig config, int payloadLength) {
        if (config.shortFrames()) {
            throw new MediaFormatException("ADTS cannot signal 960-sample frames (frameLengthFlag 1)");
        }
        return new AdtsHeader(config.coreObjectType(), config.sampleRate(), config.channelConfiguration(),
                payloadLength);
    }

    /**
     * Reads a header at offset; payloadLength excludes the header (7 bytes, or 9 with CRC).
     *
     * @throws MediaFormatException if the bytes are short, the sync word is missing or a field is out of range
     */
    public static AdtsHeader parse(byte[] data, int offset) {
        if (offset < 0 || data.length - offset < LENGTH) {
            throw new MediaFormatException("ADTS header truncated: " + Math.max(0, data.length - offset)
                    + " bytes at offset " + offset);
        }
        int b1 = data[offset + 1] & 0xFF;
        if ((data[offset] & 0xFF) != 0xFF || (b1 & 0xF0) != 0xF0) {
            throw new MediaFormatException("ADTS sync word missing at offset " + offset);
        }
        int headerLength = (b1 & 0x01) == 1 ? LENGTH : LENGTH_WITH_CRC;
        int b2 = data[offset + 2] & 0xFF;
        int b3 = data[offset + 3] & 0xFF;
        int objectType = (b2 >> 6) + 1;
        int rate = SamplingFrequency.rate(b2 >> 2 & 0x0F);
        if (rate < 0) {
            throw new MediaFormatException("ADTS sampling_frequency_index " + (b2 >> 2 & 0x0F) + " is reserved");
        }
        int channels = (b2 & 0x01) << 2 | b3 >> 6;
        int frameLength = (b3 & 0x03) << 11 | (data[offset + 4] & 0xFF) << 3 | (data[offset + 5] & 0xFF) >> 5;
        if (frameLength < headerLength) {
            throw new MediaFormatException("ADTS aac_frame_length " + frameLength + " is shorter than its "
                    + headerLength + "-byte header");
        }
        return new AdtsHeader(objectType, rate, channels, frameLength - headerLength);
    }

    /** Writes the 7 header bytes at offset. */
    public void writeTo(byte[] dst, int offset) {
        int frameLength = LENGTH + payloadLength;
        int index = SamplingFrequency.index(sampleRate);
        dst[offset] = (byte) 0xFF;
        dst[offset + 1] = (byte) 0xF1; // ID 0 (MPEG-4), layer 0, protection_absent 1
        dst[offset + 2] = (byte) ((objectType - 1) << 6 | index << 2 | channelConfiguration >> 2);
        dst[offset + 3] = (byte) ((channelConfiguration & 0x03) << 6 | frameLength >> 11);
        dst[offset + 4] = (byte) (frameLength >> 3);
        dst[offset + 5] = (byte) ((frameLength & 0x07) << 5 | 0x1F); // buffer fullness 0x7FF, high 5 bits
        dst[offset + 6] = (byte) 0xFC; // buffer fullness low 6 bits, no extra raw data blocks
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        writeTo(b, 0);
        return b;
    }
}
