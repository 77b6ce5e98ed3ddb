package io.onair.media.flv;

import io.onair.media.MediaFormatException;
import io.onair.media.VideoCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The body of an FLV video tag, which is also the payload of an RTMP video message (type 9): the legacy
 * VideoTagHeader (FLV spec v10.1 E.4.3.1: FrameType, CodecID, AVCPacketType, CompositionTime) or the Enhanced
 * RTMP ExVideoTagHeader (IsExHeader bit, FrameType, VideoPacketType, FourCC).
 *
 * @param compositionTime signed milliseconds, pts = dts + compositionTime (zero where the format has no field)
 * @param payload         what follows the header: an AVCDecoderConfigurationRecord for a sequence start, NAL units
 *                        with the config's length framing for coded frames
 */
public record FlvVideoTag(VideoFrameType frameType, VideoCodec codec, VideoPacketType packetType,
                          int compositionTime, boolean enhanced, byte[] payload) {
    static final int CODEC_ID_AVC = 7;
    /** HEVC as codec id 12, as Chinese CDNs and OBS forks sent it before Enhanced RTMP. */
    static final int CODEC_ID_HEVC_LEGACY = 12;

    public FlvVideoTag {
        Objects.requireNonNull(frameType, "frameType");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(packetType, "packetType");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * @throws UnsupportedCodecException for well-formed tags of codecs outside {@link VideoCodec}
     * @throws MediaFormatException      for malformed tags
     */
    public static FlvVideoTag parse(byte[] body) {
        if (body.length < 1) {
            throw new MediaFormatException("video tag is empty");
        }
        int b0 = body[0] & 0xFF;
        return (b0 & 0x80) != 0 ? parseEnhanced(body, b0) : parseLegacy(body, b0);
    }

    private static FlvVideoTag parseLegacy(byte[] body, int b0) {
        VideoFrameType frameType = VideoFrameType.of(b0 >> 4);
        int codecId = b0 & 0x0F;
        VideoCodec codec = switch (codecId) {
            case CODEC_ID_AVC -> VideoCodec.H264;
            case CODEC_ID_HEVC_LEGACY -> VideoCodec.HEVC;
            case 2 -> throw UnsupportedCodecException.video("Sorenson H.263");
            case 3, 6 -> throw UnsupportedCodecException.video("Screen Video");
            case 4, 5 -> throw UnsupportedCodecException.video("On2 VP6");
            default -> throw new MediaFormatException("video codec id " + codecId + " is not defined");
        };
        if (frameType == VideoFrameType.COMMAND) {
            return new FlvVideoTag(frameType, codec, VideoPacketType.CODED_FRAMES, 0, false,
                    Arrays.copyOfRange(body, 1, body.length));
        }
        if (body.length < 5) {
            throw new MediaFormatException("video tag of " + body.length + " bytes is shorter than its 5-byte header");
        }
        VideoPacketType packetType = VideoPacketType.of(body[1] & 0xFF, false);
        return new FlvVideoTag(frameType, codec, packetType, int24(body, 2), false,
                Arrays.copyOfRange(body, 5, body.length));
    }

    private static FlvVideoTag parseEnhanced(byte[] body, int b0) {
        VideoFrameType frameType = VideoFrameType.of((b0 >> 4) & 0x07);
        VideoPacketType packetType = VideoPacketType.of(b0 & 0x0F, true);
        if (packetType == VideoPacketType.MULTITRACK || packetType == VideoPacketType.MOD_EX) {
            throw UnsupportedCodecException.video("Enhanced RTMP " + packetType.name().toLowerCase()
                    + " video");
        }
        if (body.length < 5) {
            throw new MediaFormatException("enhanced video tag of " + body.length + " bytes has no FourCC");
        }
        String fourCc = new String(body, 1, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        VideoCodec codec = switch (fourCc) {
            case "avc1" -> VideoCodec.H264;
            case "hvc1" -> VideoCodec.HEVC;
            case "av01" -> VideoCodec.AV1;
            case "vp09" -> throw UnsupportedCodecException.video("VP9");
            case "vp08" -> throw UnsupportedCodecException.video("VP8");
            default -> throw UnsupportedCodecException.video("FourCC '" + printable(fourCc) + "'");
        };
        int headerLength = 5;
        int compositionTime = 0;
        if (packetType == VideoPacketType.CODED_FRAMES && codec != VideoCodec.AV1) {
            if (body.length < 8) {
                throw new MediaFormatException("enhanced video tag of " + body.length
                        + " bytes is shorter than its 8-byte header");
            }
            compositionTime = int24(body, 5);
            headerLength = 8;
        }
        return new FlvVideoTag(frameType, codec, packetType, compositionTime, true,
                Arrays.copyOfRange(body, headerLength, body.length));
    }

    /**
     * The composition time of an H.264 keyframe's coded-frames tag, read from the first bytes of its body (the legacy
     * header's 5, the enhanced header's 8) while the rest is still on its way; empty for any other tag, for another
     * codec, or when {@code head} is too short to tell. Never throws: the whole tag is parsed, and judged, later.
     */
    public static OptionalInt keyframeCompositionTime(byte[] head) {
        if (head.length < 5) {
            return OptionalInt.empty();
        }
        int b0 = head[0] & 0xFF;
        if ((b0 & 0x80) == 0) {
            boolean avcKeyframe = b0 >> 4 == VideoFrameType.KEY.id() && (b0 & 0x0F) == CODEC_ID_AVC;
            return avcKeyframe && head[1] == VideoPacketType.CODED_FRAMES.id()
                    ? OptionalInt.of(int24(head, 2)) : OptionalInt.empty();
        }
        if (((b0 >> 4) & 0x07) != VideoFrameType.KEY.id()
                || !"avc1".equals(new String(head, 1, 4, StandardCharsets.ISO_8859_1))) {
            return OptionalInt.empty();
        }
        int packetType = b0 & 0x0F;
        if (packetType == VideoPacketType.CODED_FRAMES_X.id()) {
            return OptionalInt.of(0);
        }
        return packetType == VideoPacketType.CODED_FRAMES.id() && head.length >= 8
                ? OptionalInt.of(int24(head, 5)) : OptionalInt.empty();
    }

    /** The tag body, byte for byte as {@link #parse} reads it. */
    public byte[] encode() {
        boolean withCts;
        byte[] header;
        if (enhanced) {
            withCts = packetType == VideoPacketType.CODED_FRAMES && codec != VideoCodec.AV1;
            header = new byte[withCts ? 8 : 5];
            header[0] = (byte) (0x80 | frameType.id() << 4 | packetType.id());
            String fourCc = switch (codec) {
                case H264 -> "avc1";
                case HEVC -> "hvc1";
                case AV1 -> "av01";
            };
            System.arraycopy(fourCc.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, header, 1, 4);
        } else {
            if (codec == VideoCodec.AV1 || packetType.id() > 2) {
                throw new IllegalStateException(codec + " " + packetType + " needs the enhanced header");
            }
            withCts = true;
            header = new byte[5];
            header[0] = (byte) (frameType.id() << 4 | (codec == VideoCodec.H264 ? CODEC_ID_AVC : CODEC_ID_HEVC_LEGACY));
            header[1] = (byte) packetType.id();
        }
        if (withCts) {
            int at = header.length - 3;
            header[at] = (byte) (compositionTime >> 16);
            header[at + 1] = (byte) (compositionTime >> 8);
            header[at + 2] = (byte) compositionTime;
        }
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    /** FLV's SI24: a signed 24-bit big-endian integer (composition times may be negative on the wire). */
    static int int24(byte[] b, int at) {
        int v = (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
        return (v << 8) >> 8;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlvVideoTag t && frameType == t.frameType && codec == t.codec
                && packetType == t.packetType && compositionTime == t.compositionTime && enhanced == t.enhanced
                && Arrays.equals(payload, t.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frameType, codec, packetType, compositionTime, enhanced, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "FlvVideoTag[" + codec + " " + frameType + " " + packetType + " cts=" + compositionTime
                + (enhanced ? " enhanced" : "") + " " + payload.length + " B]";
    }
}
