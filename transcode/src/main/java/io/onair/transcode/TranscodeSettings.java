package io.onair.transcode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the live transcoder runs, validated at construction with the bad setting named. Each limit carries its reason.
 *
 * @param ladder            the transcoded rungs
 * @param encoder           the H.264 encoder
 * @param preset            the encoder's speed/quality preset. Default {@code veryfast}: the 480p+360p ladder of a
 *                          720p30 source took 4.0 CPU seconds per 10 s of media (ffmpeg 5.1, a noisy test pattern,
 *                          the command {@link FfmpegCommand} builds); slower presets gain a few percent of bitrate for a large multiple of CPU, and a live
 *                          transcoder that cannot keep real time loses rungs
 * @param vaapiDevice       the DRM render node for {@link Encoder#H264_VAAPI} (e.g. {@code /dev/dri/renderD128})
 * @param workDir           where the per-run Unix sockets are created (removed after each run)
 * @param queueCapacity     source frames the transcoder may fall behind before its reader drops to the next
 *                          keyframe. Default 300: 10 s at 30 fps, 5 s at 60 fps (about 6 MB at 5 Mbit/s): more than
 *                          ffmpeg's start-up and encoder delay, small enough that a transcoder that cannot keep up is
 *                          noticed by the speed check before it holds much memory
 * @param probeLimit        without the encoder's bitrate in its metadata, the bitrate is measured over the first GOP
 *                          but no longer than this. Default 3 s: OBS's recommended 2 s GOP fits; a longer GOP is cut
 * @param restartDelay      first restart after a crash. Default 500 ms: with ffmpeg's ~0.3 s start the renditions
 *                          are back within 2 s (the goal); later restarts double it
 * @param maxRestartDelay   the back-off's cap. Default 8 s
 * @param maxRapidFailures  consecutive failures of runs shorter than {@code stableRun} before giving up. Default 5:
 *                          with the back-off that is about 8 s of retrying, enough for a transient (an OOM kill, a
 *                          brief resource squeeze) while a deterministic failure (a bad option, a missing device)
 *                          stops within seconds instead of looping forever and flooding the log
 * @param stableRun         a run that lasted this long resets the failure count. Default 30 s
 * @param killTimeout       after stdin closes, how long ffmpeg has to flush and exit before it is killed. Default
 *                          5 s: flushing the encoders' lookahead takes well under a second; the rest is for a loaded
 *                          machine
 * @param speedThreshold    below this speed (media seconds out per source second in) for a whole {@code speedWindow},
 *                          the top rung is dropped. Default 0.95: a transcoder at 0.95 falls 3 s behind per minute
 * @param speedWindow       Default 10 s: several GOPs, so one slow keyframe does not count; short enough that viewers
 *                          see at most a few seconds of stalls before the ladder shrinks
 * @param speedWarmUp       speed is not judged this long after a run starts (ffmpeg start-up, the buffered first
 *                          GOP). Default 5 s
 */
public record TranscodeSettings(
        Ladder ladder,
        Encoder encoder,
        String preset,
        String vaapiDevice,
        Path workDir,
        int queueCapacity,
        Duration probeLimit,
        Duration restartDelay,
        Duration maxRestartDelay,
        int maxRapidFailures,
        Duration stableRun,
        Duration killTimeout,
        double speedThreshold,
        Duration speedWindow,
        Duration speedWarmUp) {

    public TranscodeSettings {
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(vaapiDevice, "vaapiDevice");
        Objects.requireNonNull(workDir, "workDir");
        if (encoder.hasPresets() && !encoder.acceptsPreset(preset)) {
            throw new IllegalArgumentException("transcode.preset: '" + preset + "' is not a preset of "
                    + encoder.ffmpegName());
        }
        if (encoder == Encoder.H264_VAAPI && vaapiDevice.isBlank()) {
            throw new IllegalArgumentException("transcode.vaapi-device: h264_vaapi needs a render node such as"
                    + " /dev/dri/renderD128");
        }
        // 30 frames: a second at 30 fps, less than ffmpeg's own start-up; 10 000: minutes of video in memory.
        if (queueCapacity < 30 || queueCapacity > 10_000) {
            throw new IllegalArgumentException("transcode.queue-capacity must be between 30 and 10000, was "
                    + queueCapacity);
        }
        positive("transcode.probe-limit", probeLimit);
        positive("transcode.restart-delay", restartDelay);
        positive("transcode.max-restart-delay", maxRestartDelay);
        positive("transcode.stable-run", stableRun);
        positive("transcode.kill-timeout", killTimeout);
        positive("transcode.speed-window", speedWindow);
        Objects.requireNonNull(speedWarmUp, "transcode.speed-warm-up");
        if (maxRestartDelay.compareTo(restartDelay) < 0) {
            throw new IllegalArgumentException("transcode.max-restart-delay (" + maxRestartDelay
                    + ") must not be below transcode.restart-delay (" + restartDelay + ")");
        }
        if (maxRapidFailures < 1 || maxRapidFailures > 100) {
            throw new IllegalArgumentException("transcode.max-rapid-failures must be between 1 and 100, was "
                    + maxRapidFailures);
        }
        if (!(speedThreshold > 0 && speedThreshold <= 1)) {
            throw new IllegalArgumentException("transcode.speed-threshold must be in (0, 1], was " + speedThreshold);
        }
    }

    public static TranscodeSettings defaults(Path workDir) {
        return new TranscodeSettings(Ladder.defaults(), Encoder.LIBX264, "veryfast", "", workDir, 300,
                Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(8), 5, Duration.ofSeconds(30),
                Duration.ofSeconds(5), 0.95, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    public TranscodeSettings withLadder(Ladder ladder) {
        return new TranscodeSettings(ladder, encoder, preset, vaapiDevice, workDir, queueCapacity, probeLimit,
                restartDelay, maxRestartDelay, maxRapidFailures, stableRun, killTimeout, speedThreshold, speedWindow,
                speedWarmUp);
    }

    public TranscodeSettings withEncoder(Encoder encoder, String preset, String vaapiDevice) {
        return new TranscodeSettings(ladder, encoder, preset, vaapiDevice, workDir, queueCapacity, probeLimit,
                restartDelay, maxRestartDelay, maxRapidFailures, stableRun, killTimeout, speedThreshold, speedWindow,
                speedWarmUp);
    }

    public TranscodeSettings withSpeed(double threshold, Duration window, Duration warmUp) {
        return new TranscodeSettings(ladder, encoder, preset, vaapiDevice, workDir, queueCapacity, probeLimit,
                restartDelay, maxRestartDelay, maxRapidFailures, stableRun, killTimeout, threshold, window, warmUp);
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
