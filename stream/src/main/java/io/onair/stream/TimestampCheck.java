package io.onair.stream;

/** How a frame's dts relates to the previous frame of the same track. */
enum TimestampCheck {
    /** The normal case. */
    CONTINUOUS,
    /** A jump forward or back beyond the thresholds: a new timeline, passed on as a discontinuity. */
    JUMP,
    /** A small step back: a malformed frame (dts must not decrease within a track), counted and skipped. */
    OUT_OF_ORDER;

    /**
     * @param previous the track's previous dts, or {@link Long#MIN_VALUE} for its first frame
     * @param video    video must be strictly monotonic (MPEG-TS and fMP4 need increasing DTS); audio may step back
     *                 slightly, the sample-count timeline absorbs it
     */
    static TimestampCheck of(long previous, long dts, boolean video, long forwardTicks, long backwardTicks) {
        if (previous == Long.MIN_VALUE) {
            return CONTINUOUS;
        }
        long step = dts - previous;
        if (step > forwardTicks || step < -backwardTicks) {
            return JUMP;
        }
        return video && step <= 0 ? OUT_OF_ORDER : CONTINUOUS;
    }
}
