package io.onair.media;

/** Video codecs the ingest recognises. Only those with {@link #packaged} true reach the packagers. */
public enum VideoCodec {
    H264(true),
    /** Enhanced RTMP FourCC {@code hvc1}, or legacy FLV codec id 12. Recognised, refused (not packaged yet). */
    HEVC(false),
    /** Enhanced RTMP FourCC {@code av01}. Recognised, refused (not packaged yet). */
    AV1(false);

    private final boolean packaged;

    VideoCodec(boolean packaged) {
        this.packaged = packaged;
    }

    public boolean packaged() {
        return packaged;
    }
}
