package io.onair.media.h264;

import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import java.util.OptionalDouble;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that packaging needs.
 *
 * @param profileIdc       profile_idc (66 baseline, 77 main, 100 high, …)
 * @param constraintFlags  the byte holding constraint_set0..5_flag and reserved_zero_2bits, as in RFC 6381
 * @param levelIdc         level_idc (31 = level 3.1)
 * @param chromaFormatIdc  0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param bitDepthLuma     BitDepthY
 * @param bitDepthChroma   BitDepthC
 * @param frameMbsOnly     false for interlaced (field or MBAFF) coding
 * @param width            luma width after frame cropping (§7.4.2.1.1, CropUnitX)
 * @param height           luma height of a frame after cropping (CropUnitY, both fields for interlaced)
 * @param frameRate        time_scale / (2 × num_units_in_tick) when the VUI has timing info (§E.2.1)
 */
public record Sps(
        int profileIdc,
        int constraintFlags,
        int levelIdc,
        int chromaFormatIdc,
        int bitDepthLuma,
        int bitDepthChroma,
        boolean frameMbsOnly,
        int width,
        int height,
        OptionalDouble frameRate) {

    /** Level 6.2 allows 139,264 macroblocks per frame (Table A-1), at most 1,055 along one side (A.3.1 f/g). */
    private static final int MAX_SIDE_MBS = 1055;
    /** num_ref_frames_in_pic_order_cnt_cycle is at most 255 (§7.4.2.1.1). */
    private static final int MAX_REF_FRAMES_IN_POC_CYCLE = 255;

    /**
     * Parses an SPS NAL unit (header byte included, emulation prevention bytes not yet removed).
     *
     * @throws MediaFormatException if it is not an SPS, is truncated or has out-of-range values
     */
    public static Sps parse(byte[] nal) {
        return parse(nal, 0, nal.length);
    }

    public static Sps parse(byte[] nal, int offset, int length) {
        if (length < 4) {
            throw new MediaFormatException("SPS of " + length + " bytes is shorter than its 4-byte header");
        }
        if (Nalus.type(nal[offset]) != Nalus.TYPE_SPS) {
            throw new MediaFormatException("NAL unit type " + Nalus.type(nal[offset]) + " is not an SPS (7)");
        }
        byte[] rbsp = Nalus.unescape(nal, offset + 1, length - 1);
        BitReader r = new BitReader(rbsp, 0, rbsp.length, "SPS");
        int profileIdc = r.u8();
        int constraintFlags = r.u8();
        int levelIdc = r.u8();
        r.ue("seq_parameter_set_id", 31);
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        int bitDepthLuma = 8;
        int bitDepthChroma = 8;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.ue("chroma_format_idc", 3);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.flag();
            }
            bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 6);
            bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 6);
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) { // seq_scaling_list_present_flag[i]
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue("log2_max_frame_num_minus4", 12);
        int pocType = r.ue("pic_order_cnt_type", 2);
        if (pocType == 0) {
            r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", MAX_REF_FRAMES_IN_POC_CYCLE);
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue("pic_width_in_mbs_minus1", MAX_SIDE_MBS - 1) + 1;
        int heightMapUnits = r.ue("pic_height_in_map_units_minus1", MAX_SIDE_MBS - 1) + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
        if (r.flag()) { // frame_cropping_flag
            // CropUnitX/Y, §7.4.2.1.1 eq. 7-19..7-22: ChromaArrayType 0 (monochrome or separate planes) crops in
            // luma samples; otherwise in chroma samples (SubWidthC, SubHeightC of Table 6-1), doubled vertically
            // when a frame is made of two fields.
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
            int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
            long left = r.ue();
            long right = r.ue();
            long top = r.ue();
            long bottom = r.ue();
            long w = width - cropUnitX * (left + right);
            long h = height - cropUnitY * (top + bottom);
            if (w <= 0 || h <= 0) {
                throw new MediaFormatException("SPS cropping " + left + "," + right + "," + top + "," + bottom
                        + " leaves no picture of " + width + "x" + height);
            }
            width = (int) w;
            height = (int) h;
        }
        OptionalDouble frameRate = OptionalDouble.empty();
        if (r.flag()) { // vui_parameters_present_flag
            frameRate = vuiFrameRate(r);
        }
        return new Sps(profileIdc, constraintFlags, levelIdc, chromaFormatIdc, bitDepthLuma, bitDepthChroma,
                frameMbsOnly, width, height, frameRate);
    }

    /** RFC 6381 §3.3: {@code avc1.} then profile_idc, the constraint byte and level_idc as lowercase hex. */
    public String codecsString() {
        HexFormat hex = HexFormat.of();
        return "avc1." + hex.toHexDigits((byte) profileIdc) + hex.toHexDigits((byte) constraintFlags)
                + hex.toHexDigits((byte) levelIdc);
    }

    /** Profiles whose SPS carries chroma_format_idc, bit depths and scaling lists (§7.3.2.1.1). */
    static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list(), §7.3.2.1.1.1: only read to get past it. */
    private static void skipScalingList(BitReader r, int size) {
        long last = 8;
        long next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                long delta = r.se();
                if (delta < -128 || delta > 127) {
                    throw new MediaFormatException("SPS: delta_scale " + delta + " outside [-128, 127]");
                }
                next = (last + delta + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** vui_parameters() up to timing_info (§E.1.1); what follows (HRD, restrictions) is not needed. */
    private static OptionalDouble vuiFrameRate(BitReader r) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u8() == 255) { // Extended_SAR
                r.skip(32); // sar_width, sar_height
            }
        }
        if (r.flag()) { // overscan_info_present_flag
            r.skip(1);
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4); // video_format, video_full_range_flag
            if (r.flag()) { // colour_description_present_flag
                r.skip(24);
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (!r.flag()) { // timing_info_present_flag
            return OptionalDouble.empty();
        }
        long unitsInTick = r.bits(32);
        long timeScale = r.bits(32);
        if (unitsInTick == 0 || timeScale == 0) {
            return OptionalDouble.empty(); // both "shall be greater than 0" (§E.2.1); ignore rather than reject
        }
        // A tick is a field period, so a frame is two ticks (§E.2.1, e.g. x264 writes 1/60 for 30 fps).
        return OptionalDouble.of(timeScale / (2.0 * unitsInTick));
    }
}
