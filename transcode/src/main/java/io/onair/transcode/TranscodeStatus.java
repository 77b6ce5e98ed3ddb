package io.onair.transcode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A channel's transcoder, for the streamer's dashboard and the API: an immutable snapshot.
 *
 * @param active   the renditions ffmpeg is encoding now, highest first
 * @param dropped  rendition name to why it is not (or no longer) encoded: skipped for the source, dropped because
 *                 ffmpeg could not keep real time, ended because ffmpeg kept failing
 * @param speed    media seconds out per source second in over the last window, once measured
 * @param restarts ffmpeg restarts after failures in this publication
 * @param detail   what happened last, in words ("restarting after ffmpeg exited with code 137")
 */
public record TranscodeStatus(String channel, State state, List<String> active, Map<String, String> dropped,
                              OptionalDouble speed, int restarts, String detail) {
    public enum State {
        /** Waiting for the first keyframe and measuring the source. */
        PROBING,
        RUNNING,
        /** ffmpeg failed or is being restarted with fewer rungs. */
        RESTARTING,
        /** No rung is below the source: nothing to transcode. */
        IDLE,
        /** Given up after repeated failures, or every rung dropped: only the source rendition plays. */
        FAILED,
        /** The publication ended. */
        ENDED
    }

    public TranscodeStatus {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        active = List.copyOf(active);
        dropped = Map.copyOf(dropped);
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(detail, "detail");
    }
}
