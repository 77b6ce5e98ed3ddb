package io.onair.stream;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Per-frame counters behind {@link IngestStats}: constant work per frame. Guarded by the publication's lock. */
final class IngestMeter {
    private final RateWindow videoBytes;
    private final RateWindow audioBytes;
    private final RateWindow videoFrames;
    private long framesReceived;
    private long badFrames;
    private long discontinuities;
    private long lastKeyframeDts = Long.MIN_VALUE;
    private double lastKeyframeInterval = -1;
    private double maxKeyframeInterval = -1;
    private VideoConfig videoConfig;
    private AudioConfig audioConfig;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastAudioDts = Long.MIN_VALUE;

    IngestMeter(Duration window) {
        videoBytes = new RateWindow(window);
        audioBytes = new RateWindow(window);
        videoFrames = new RateWindow(window);
    }

    void received() {
        framesReceived++;
    }

    void bad() {
        badFrames++;
    }

    /** A timestamp jump: the keyframe interval across it means nothing. */
    void discontinuity() {
        discontinuities++;
        lastKeyframeDts = Long.MIN_VALUE;
    }

    void video(VideoFrame frame, long nowNanos) {
        videoBytes.add(nowNanos, frame.data().length);
        videoFrames.add(nowNanos, 1);
        videoConfig = frame.config();
        lastVideoDts = frame.dts();
        if (frame.keyframe()) {
            if (lastKeyframeDts != Long.MIN_VALUE) {
                lastKeyframeInterval = Timebase.mpegToSeconds(frame.dts() - lastKeyframeDts);
                maxKeyframeInterval = Math.max(maxKeyframeInterval, lastKeyframeInterval);
            }
            lastKeyframeDts = frame.dts();
        }
    }

    void audio(AudioFrame frame, long nowNanos) {
        audioBytes.add(nowNanos, frame.data().length);
        audioConfig = frame.config();
        lastAudioDts = frame.dts();
    }

    IngestStats snapshot(Instant startedAt, long nowNanos, long dropped, long audioResyncs,
            Map<String, Object> metadata) {
        return new IngestStats(
                startedAt,
                videoBytes.perSecond(nowNanos) * 8 / 1000,
                audioBytes.perSecond(nowNanos) * 8 / 1000,
                videoFrames.perSecond(nowNanos),
                lastKeyframeInterval < 0 ? OptionalDouble.empty() : OptionalDouble.of(lastKeyframeInterval),
                maxKeyframeInterval < 0 ? OptionalDouble.empty() : OptionalDouble.of(maxKeyframeInterval),
                videoConfig == null ? 0 : videoConfig.width(),
                videoConfig == null ? 0 : videoConfig.height(),
                Optional.ofNullable(videoConfig).map(VideoConfig::codecsString),
                Optional.ofNullable(audioConfig).map(AudioConfig::codecsString),
                seconds(lastVideoDts),
                seconds(lastAudioDts),
                framesReceived,
                dropped,
                badFrames,
                discontinuities,
                audioResyncs,
                metadata);
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static OptionalDouble seconds(long dts) {
        return dts == Long.MIN_VALUE ? OptionalDouble.empty() : OptionalDouble.of(Timebase.mpegToSeconds(dts));
    }
}
