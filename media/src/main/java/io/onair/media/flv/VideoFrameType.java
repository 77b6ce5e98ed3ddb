package io.onair.media.flv;

import io.onair.media.MediaFormatException;

/** FLV VideoTagHeader FrameType (FLV spec v10.1 E.4.3.1), shared by Enhanced RTMP. */
public enum VideoFrameType {
    KEY(1),
    INTER(2),
    DISPOSABLE_INTER(3),
    GENERATED_KEY(4),
    /** Video info/command frame: no picture (Enhanced RTMP uses it for seek markers). */
    COMMAND(5);

    private final int id;

    VideoFrameType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    static VideoFrameType of(int id) {
        if (id < 1 || id > 5) {
            throw new MediaFormatException("video frame type " + id + " is not defined (1-5)");
        }
        return values()[id - 1];
    }
}
