package io.onair.rtmp;

import io.onair.media.MediaFrame;
import java.util.Map;

/**
 * Receives one publishing session's media, in arrival order, on the connection's event loop. Must not block: the
 * publisher never waits on anything downstream.
 */
public interface MediaSink {
    /** {@code @setDataFrame onMetaData} (or a bare {@code onMetaData}): the encoder's declared settings. */
    void onMetadata(Map<String, Object> metadata);

    /** A media frame with unwrapped 90 kHz timestamps. */
    void onFrame(MediaFrame frame);

    /**
     * An H.264 keyframe of the current tracks has begun to arrive, with these unwrapped 90 kHz timestamps; the
     * frame itself follows through {@link #onFrame} once all of it is in (or never, if the connection ends first).
     * Lets the packager end a segment without waiting for the whole keyframe.
     */
    default void onKeyframeStart(long dts, long pts) {
    }

    /**
     * The session ended: {@code clean} when the client unpublished ({@code FCUnpublish}/{@code deleteStream}/
     * {@code closeStream}), false when the connection dropped, timed out, failed or was taken over.
     */
    void onEnd(boolean clean);
}
