package io.onair.media.flv;

import io.onair.media.MediaFormatException;

/**
 * The packet type of a video tag: the AVCPacketType of legacy FLV (values 0–2, E.4.3.1) or the VideoPacketType of
 * an Enhanced RTMP ExVideoTagHeader (values 0–7, Enhanced RTMP v2 "ExVideoTagHeader").
 */
public enum VideoPacketType {
    SEQUENCE_START(0),
    CODED_FRAMES(1),
    SEQUENCE_END(2),
    /** Coded frames without the composition time field: it is zero (Enhanced RTMP). */
    CODED_FRAMES_X(3),
    METADATA(4),
    MPEG2TS_SEQUENCE_START(5),
    MULTITRACK(6),
    MOD_EX(7);

    private final int id;

    VideoPacketType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    static VideoPacketType of(int id, boolean enhanced) {
        if (id >= 0 && id < values().length && (enhanced || id <= 2)) {
            return values()[id];
        }
        throw new MediaFormatException("video packet type " + id + " is not defined"
                + (enhanced ? "" : " for AVC (0-2)"));
    }
}
