package io.onair.stream;

import io.onair.media.AudioConfig;
import io.onair.media.Timebase;

/**
 * Rebuilds AAC timestamps from the sample count. RTMP carries millisecond timestamps, so an AAC frame of 1024
 * samples at 48 kHz (21.333 ms) arrives as 21 or 22 ms; summing those rounded values drifts, and players that follow
 * them hear gaps and overlaps (SRS #1503/#1506). Here dts = anchor + samples * 90000 / rate, computed from the exact
 * sample count, is always within one 90 kHz tick of the true time.
 *
 * <p>The anchor is the encoder's timestamp at the first frame. When the encoder's timestamps move away from the
 * rebuilt timeline by more than the tolerance (its audio clock drifts from its video clock, it dropped frames, it
 * restarted), the timeline is re-anchored to them: staying in sync with the video the encoder stamped matters more
 * than sample-exact continuity. A config change (rate, channels) re-anchors too. Not thread-safe. Public for the
 * uploads' offline packaging (issue 7), which reads AAC from FLV files with the same millisecond timestamps.
 */
public final class AudioTimeline {
    private final long toleranceTicks;
    private AudioConfig config;
    private long anchorDts;
    private long samples;
    private long resyncs;

    /** @param toleranceTicks how far (90 kHz) the sender's timestamps may drift before the timeline re-anchors */
    public AudioTimeline(long toleranceTicks) {
        this.toleranceTicks = toleranceTicks;
    }

    /** Returns the repaired dts of a frame sent with {@code sentDts}, and advances by one frame of samples. */
    public long next(AudioConfig frameConfig, long sentDts) {
        if (config == null || !config.equals(frameConfig) || config.sampleRate() != frameConfig.sampleRate()) {
            anchor(frameConfig, sentDts);
        } else if (Math.abs(expected() - sentDts) > toleranceTicks) {
            resyncs++;
            anchor(frameConfig, sentDts);
        }
        long dts = expected();
        samples += config.samplesPerFrame();
        return dts;
    }

    /** Forget the timeline: the next frame anchors a new one (after a timestamp jump). */
    void reset() {
        config = null;
    }

    long resyncs() {
        return resyncs;
    }

    private void anchor(AudioConfig frameConfig, long sentDts) {
        config = frameConfig;
        anchorDts = sentDts;
        samples = 0;
    }

    private long expected() {
        // samples * 90000 stays below 2^63 for 68 years of 48 kHz audio.
        return anchorDts + Math.floorDiv(samples * Timebase.MPEG, config.sampleRate());
    }
}
