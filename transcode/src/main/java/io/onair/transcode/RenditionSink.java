package io.onair.transcode;

import io.onair.media.MediaFrame;

/**
 * Where a transcoder's renditions go; the app binds it to the HLS origin. Called from the transcoder's own threads.
 *
 * <p>For one channel and rendition the calls come in order, from one thread at a time: {@code renditionStarted},
 * frames, then either {@code renditionStarted} again (ffmpeg restarted), {@code renditionEnded} or
 * {@code renditionSourceEnded}. Renditions are video-only: the packager takes audio from the source.
 */
public interface RenditionSink {
    /**
     * Rendition {@code rendition} (e.g. "720p") of {@code channel} begins: its first frame follows. Called again after
     * an ffmpeg restart (the packager marks a discontinuity).
     */
    void renditionStarted(String channel, String rendition);

    /**
     * A {@link io.onair.media.VideoFrame} of the rendition, with the timestamps of the source frame it was encoded
     * from (the source's 90 kHz timeline); its keyframes are at exactly the source's keyframes.
     */
    void renditionFrame(String channel, String rendition, MediaFrame frame);

    /**
     * The rendition stops for good: rung dropped because ffmpeg can't keep real time, the source changed resolution,
     * transcoder given up or stopped.
     */
    void renditionEnded(String channel, String rendition, String reason);

    /**
     * The rendition stops because the publication it was encoded from ended, after ffmpeg drained its last frames.
     * Not necessarily for good: after a reconnect (OBS's, or a takeover) the next publication's transcoder starts it
     * again ({@code renditionStarted}), and its viewers should see a discontinuity, not the end of the stream.
     */
    void renditionSourceEnded(String channel, String rendition);
}
