package io.onair.media.flv;

import io.onair.media.MediaFormatException;
import io.onair.media.VideoConfig;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites the NAL units of one FLV AVC picture into {@link io.onair.media.VideoFrame}'s framing: 4-byte lengths
 * (the avcC may declare 1, 2 or 4; ISO/IEC 14496-15 §5.3.3.1 lengthSizeMinusOne), without SPS/PPS that only repeat
 * the configuration (x264 in OBS repeats them before every IDR when "repeat headers" is on).
 */
final class AvcNalUnits {
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;

    private AvcNalUnits() {
    }

    /** lengthSizeMinusOne + 1 from an AVCDecoderConfigurationRecord. */
    static int lengthSize(byte[] avcC) {
        if (avcC.length < 5) {
            throw new MediaFormatException("avcC of " + avcC.length + " bytes has no lengthSizeMinusOne");
        }
        int size = (avcC[4] & 0x03) + 1;
        if (size == 3) {
            throw new MediaFormatException("avcC lengthSizeMinusOne 2 is reserved");
        }
        return size;
    }

    static byte[] toFourByteLengths(byte[] src, int lengthSize, VideoConfig config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 16);
        int at = 0;
        while (at < src.length) {
            if (src.length - at < lengthSize) {
                throw new MediaFormatException("NAL unit length at byte " + at + " is cut off");
            }
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = length << 8 | (src[at + i] & 0xFF);
            }
            at += lengthSize;
            if (length > src.length - at) {
                throw new MediaFormatException("NAL unit of " + length + " bytes at byte " + at + " runs past the "
                        + (src.length - at) + " bytes left");
            }
            int n = (int) length;
            if (n > 0 && !repeatsConfig(src, at, n, config)) {
                out.write(n >>> 24);
                out.write(n >>> 16);
                out.write(n >>> 8);
                out.write(n);
                out.write(src, at, n);
            }
            at += n;
        }
        return out.toByteArray();
    }

    private static boolean repeatsConfig(byte[] src, int at, int n, VideoConfig config) {
        int type = src[at] & 0x1F;
        List<byte[]> sets = type == NAL_SPS ? config.sps() : type == NAL_PPS ? config.pps() : List.of();
        for (byte[] set : sets) {
            if (Arrays.equals(src, at, at + n, set, 0, set.length)) {
                return true;
            }
        }
        return false;
    }
}
