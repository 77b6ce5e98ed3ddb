package io.onair.media.fmp4;

import io.onair.media.Timebase;

/**
 * Puts audio frames on the sample-count timeline of their track's timescale (the sampling rate), where an AAC
 * access unit lasts exactly {@code samplesPerFrame} ticks.
 *
 * <p>The 90 kHz timestamps of RTMP ingest are whole milliseconds, so consecutive AAC frames at 48 kHz arrive 21 or
 * 22 ms apart: converted one by one they would last 1008 or 1056 ticks instead of 1024. So a frame is placed one
 * frame after its predecessor whenever its own rounded time ({@code round(dts × rate / 90000)}) is within half a
 * frame of that slot, and at its own rounded time otherwise (a gap, dropped frames, a clock jump). The timeline
 * therefore never drifts more than half a frame from the input clock, which is what keeps audio in sync with
 * video; an encoder whose sample clock runs off its timestamps shows as one short or long sample when the
 * difference reaches half a frame.
 *
 * <p>The mapping of a frame depends only on its dts and its predecessor's mapped time, so a fragment's last
 * duration, computed from the next frame's dts, agrees with where the next fragment then puts that frame.
 */
final class AudioClock {
    private final long rate;
    private final long samplesPerFrame;

    AudioClock(int rate, int samplesPerFrame) {
        this.rate = rate;
        this.samplesPerFrame = samplesPerFrame;
    }

    /** {@code round(dts × rate / 90000)}, half up, without overflow for any non-negative dts. */
    long convert(long dts) {
        long seconds = dts / Timebase.MPEG;
        long rest = dts % Timebase.MPEG;
        return seconds * rate + (rest * rate + Timebase.MPEG / 2) / Timebase.MPEG;
    }

    /**
     * @param previous the previous frame's mapped time, or {@code Long.MIN_VALUE} for a track's first frame
     * @return the time of the frame at {@code dts}
     */
    long map(long previous, long dts) {
        long own = convert(dts);
        if (previous == Long.MIN_VALUE) {
            return own;
        }
        long slot = previous + samplesPerFrame;
        return Math.abs(own - slot) * 2 < samplesPerFrame ? slot : own;
    }
}
