package io.onair.media.h264;

import io.onair.media.MediaFormatException;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1), the {@code avcC} body FLV carries in its AVC sequence
 * header and fMP4 stores in its sample entry.
 *
 * <pre>
 * configurationVersion = 1          u8
 * AVCProfileIndication              u8   (profile_idc of the SPS)
 * profile_compatibility             u8   (the SPS constraint byte)
 * AVCLevelIndication                u8
 * '111111' lengthSizeMinusOne       u8
 * '111' numOfSequenceParameterSets  u8   then per SPS: u16 length, NAL unit
 * numOfPictureParameterSets         u8   then per PPS: u16 length, NAL unit
 * for profile_idc 100, 110, 122, 144: '111111' chroma_format, '11111' bit_depth_luma_minus8,
 *     '11111' bit_depth_chroma_minus8, numOfSequenceParameterSetExt u8 (then SPS extensions)
 * </pre>
 */
public final class AvcDecoderConfig {
    /** The 5-bit field's maximum (§5.3.3.1.1). */
    private static final int MAX_SPS = 31;
    /** An 8-bit count (§5.3.3.1.1). */
    private static final int MAX_PPS = 255;
    /** Lengths are u16 (§5.3.3.1.1). */
    private static final int MAX_PARAMETER_SET_SIZE = 0xFFFF;

    private AvcDecoderConfig() {
    }

    /**
     * Parses a record into a {@link VideoConfig}: SPS/PPS lists, width and height from the first SPS (cropping
     * applied), and the {@code avc1.PPCCLL} codecs string (RFC 6381 §3.3).
     *
     * <p>The config's {@code decoderConfig} is the record with lengthSizeMinusOne set to 3, because the frames
     * that travel with the config use 4-byte lengths ({@link io.onair.media.VideoFrame}); read the ingest's own
     * length size with {@link #lengthSize(byte[])} first.
     *
     * @throws MediaFormatException if the record or its SPS is malformed
     */
    public static VideoConfig parse(byte[] avcC) {
        int lengthSize = lengthSize(avcC);
        int pos = 5;
        int numSps = avcC[pos++] & 0x1F;
        if (numSps == 0) {
            throw new MediaFormatException("avcC has no SPS");
        }
        List<byte[]> sps = new ArrayList<>(numSps);
        pos = readParameterSets(avcC, pos, numSps, Nalus.TYPE_SPS, "SPS", sps);
        if (pos >= avcC.length) {
            throw new MediaFormatException("avcC truncated before numOfPictureParameterSets at byte " + pos);
        }
        int numPps = avcC[pos++] & 0xFF;
        if (numPps == 0) {
            // Allowed by 14496-15 when PPS travel in-band, but MPEG-TS segments must start decodable.
            throw new MediaFormatException("avcC has no PPS");
        }
        List<byte[]> pps = new ArrayList<>(numPps);
        readParameterSets(avcC, pos, numPps, Nalus.TYPE_PPS, "PPS", pps);
        // Anything after the PPS (the high-profile extension) is derived from the SPS and not needed here.
        Sps first = Sps.parse(sps.get(0));
        byte[] config = avcC.clone();
        if (lengthSize != 4) {
            config[4] = (byte) (config[4] | 0x03);
        }
        return new VideoConfig(VideoCodec.H264, first.width(), first.height(), config, sps, pps,
                first.codecsString());
    }

    /**
     * The NAL unit length size (1, 2 or 4) that frames described by this record use: lengthSizeMinusOne + 1.
     *
     * @throws MediaFormatException if the record is shorter than its fixed header, has another version or size
     */
    public static int lengthSize(byte[] avcC) {
        if (avcC.length < 7) {
            throw new MediaFormatException("avcC of " + avcC.length + " bytes is shorter than its 7-byte minimum");
        }
        if (avcC[0] != 1) {
            throw new MediaFormatException("avcC configurationVersion " + (avcC[0] & 0xFF) + " is not 1");
        }
        int size = (avcC[4] & 0x03) + 1;
        if (size == 3) {
            throw new MediaFormatException("avcC lengthSizeMinusOne 2 is reserved (only 0, 1 and 3 are allowed)");
        }
        return size;
    }

    /**
     * Builds a record with 4-byte NAL lengths from parameter sets (raw NAL units); profile, compatibility and level
     * come from the first SPS, and the high-profile extension is written as §5.3.3.1.1 requires for profile_idc
     * 100, 110, 122 and 144 (without SPS extensions).
     *
     * @throws MediaFormatException if a list is empty or too long, a NAL unit has the wrong type or is too large
     */
    public static byte[] build(List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty() || sps.size() > MAX_SPS) {
            throw new MediaFormatException("avcC needs 1 to " + MAX_SPS + " SPS, got " + sps.size());
        }
        if (pps.isEmpty() || pps.size() > MAX_PPS) {
            throw new MediaFormatException("avcC needs 1 to " + MAX_PPS + " PPS, got " + pps.size());
        }
        Sps first = Sps.parse(sps.get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + sps.get(0).length + pps.get(0).length);
        out.write(1);
        out.write(first.profileIdc());
        out.write(first.constraintFlags());
        out.write(first.levelIdc());
        out.write(0xFC | 3);
        out.write(0xE0 | sps.size());
        writeParameterSets(sps, Nalus.TYPE_SPS, "SPS", out);
        out.write(pps.size());
        writeParameterSets(pps, Nalus.TYPE_PPS, "PPS", out);
        switch (first.profileIdc()) {
            case 100, 110, 122, 144 -> {
                out.write(0xFC | first.chromaFormatIdc());
                out.write(0xF8 | (first.bitDepthLuma() - 8));
                out.write(0xF8 | (first.bitDepthChroma() - 8));
                out.write(0); // numOfSequenceParameterSetExt
            }
            default -> { }
        }
        return out.toByteArray();
    }

    private static int readParameterSets(byte[] avcC, int pos, int count, int type, String name, List<byte[]> out) {
        for (int i = 0; i < count; i++) {
            if (avcC.length - pos < 2) {
                throw new MediaFormatException("avcC truncated in " + name + " " + i + " length at byte " + pos);
            }
            int len = (avcC[pos] & 0xFF) << 8 | (avcC[pos + 1] & 0xFF);
            pos += 2;
            if (len == 0 || len > avcC.length - pos) {
                throw new MediaFormatException("avcC " + name + " " + i + " length " + len + " at byte " + (pos - 2)
                        + " does not fit the " + (avcC.length - pos) + " bytes left");
            }
            if (Nalus.type(avcC[pos]) != type) {
                throw new MediaFormatException("avcC " + name + " " + i + " has NAL unit type "
                        + Nalus.type(avcC[pos]) + ", expected " + type);
            }
            out.add(Arrays.copyOfRange(avcC, pos, pos + len));
            pos += len;
        }
        return pos;
    }

    private static void writeParameterSets(List<byte[]> sets, int type, String name, ByteArrayOutputStream out) {
        for (byte[] set : sets) {
            if (set.length == 0 || set.length > MAX_PARAMETER_SET_SIZE) {
                throw new MediaFormatException(name + " of " + set.length + " bytes does not fit avcC's u16 length");
            }
            if (Nalus.type(set[0]) != type) {
                throw new MediaFormatException(name + " has NAL unit type " + Nalus.type(set[0]) + ", expected " + type);
            }
            out.write(set.length >>> 8);
            out.write(set.length);
            out.write(set, 0, set.length);
        }
    }
}
