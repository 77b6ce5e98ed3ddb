package io.onair.media.flv;

import io.onair.media.MediaFormatException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of an FLV audio tag with AAC, which is also the payload of an RTMP audio message (type 8): the
 * AudioTagHeader (FLV spec v10.1 E.4.2.1: SoundFormat 10, SoundRate, SoundSize, SoundType, AACPacketType) or the
 * Enhanced RTMP v2 ExAudioTagHeader with FourCC {@code mp4a}. Other sound formats are refused when parsed.
 *
 * @param flags   the low nibble of the legacy header (rate, size, type: fixed 0xF for AAC in practice, and
 *                meaningless to AAC, whose AudioSpecificConfig says the truth); 0 for enhanced tags
 * @param payload an AudioSpecificConfig for a sequence header, one raw AAC frame otherwise
 */
public record FlvAudioTag(int flags, boolean sequenceHeader, boolean enhanced, byte[] payload) {
    static final int SOUND_FORMAT_AAC = 10;
    static final int SOUND_FORMAT_EX_HEADER = 9;

    public FlvAudioTag {
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * @throws UnsupportedCodecException for well-formed tags of non-AAC audio
     * @throws MediaFormatException      for malformed tags
     */
    public static FlvAudioTag parse(byte[] body) {
        if (body.length < 1) {
            throw new MediaFormatException("audio tag is empty");
        }
        int b0 = body[0] & 0xFF;
        int format = b0 >> 4;
        if (format == SOUND_FORMAT_EX_HEADER) {
            return parseEnhanced(body, b0 & 0x0F);
        }
        if (format != SOUND_FORMAT_AAC) {
            throw UnsupportedCodecException.audio(switch (format) {
                case 0, 3 -> "linear PCM";
                case 1 -> "ADPCM";
                case 2, 14 -> "MP3";
                case 4, 5, 6 -> "Nellymoser";
                case 7 -> "G.711 A-law";
                case 8 -> "G.711 mu-law";
                case 11 -> "Speex";
                default -> "sound format " + format;
            });
        }
        if (body.length < 2) {
            throw new MediaFormatException("AAC audio tag has no AACPacketType");
        }
        int packetType = body[1] & 0xFF;
        if (packetType > 1) {
            throw new MediaFormatException("AACPacketType " + packetType + " is not defined (0-1)");
        }
        return new FlvAudioTag(b0 & 0x0F, packetType == 0, false, Arrays.copyOfRange(body, 2, body.length));
    }

    private static FlvAudioTag parseEnhanced(byte[] body, int packetType) {
        if (body.length < 5) {
            throw new MediaFormatException("enhanced audio tag of " + body.length + " bytes has no FourCC");
        }
        String fourCc = new String(body, 1, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!fourCc.equals("mp4a")) {
            throw UnsupportedCodecException.audio(switch (fourCc) {
                case "Opus" -> "Opus";
                case "fLaC" -> "FLAC";
                case "ac-3" -> "AC-3";
                case "ec-3" -> "E-AC-3";
                case ".mp3" -> "MP3";
                default -> "FourCC '" + fourCc.replaceAll("[^ -~]", "?") + "'";
            });
        }
        // AudioPacketType: 0 SequenceStart, 1 CodedFrames; the others (end, multichannel config, multitrack,
        // ModEx) carry no AAC frames for a single-track stream.
        if (packetType > 1) {
            throw UnsupportedCodecException.audio("Enhanced RTMP audio packet type " + packetType);
        }
        return new FlvAudioTag(0, packetType == 0, true, Arrays.copyOfRange(body, 5, body.length));
    }

    /** The tag body, byte for byte as {@link #parse} reads it. */
    public byte[] encode() {
        byte[] header = enhanced
                ? new byte[] {(byte) (SOUND_FORMAT_EX_HEADER << 4 | (sequenceHeader ? 0 : 1)), 'm', 'p', '4', 'a'}
                : new byte[] {(byte) (SOUND_FORMAT_AAC << 4 | flags), (byte) (sequenceHeader ? 0 : 1)};
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlvAudioTag t && flags == t.flags && sequenceHeader == t.sequenceHeader
                && enhanced == t.enhanced && Arrays.equals(payload, t.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, sequenceHeader, enhanced, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "FlvAudioTag[AAC " + (sequenceHeader ? "config" : "raw") + (enhanced ? " enhanced" : "") + " "
                + payload.length + " B]";
    }
}
