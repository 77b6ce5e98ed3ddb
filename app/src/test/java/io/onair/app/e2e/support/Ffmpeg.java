package io.onair.app.e2e.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ffmpeg RTMP publisher of synthetic media: {@code testsrc2} video encoded by libx264 and a {@code sine} tone
 * encoded as AAC, into {@code -f flv rtmp://…}, the way streamers use ffmpeg. Every stream is bounded by
 * {@link #duration}, so a publisher can never outlive its test even if teardown were skipped.
 */
public final class Ffmpeg {
    private final String rtmpUrl;
    private boolean video = true;
    private boolean audio = true;
    private String size = "640x360";
    private int fps = 30;
    private int gopFrames = 30;
    private int bFrames = 0;
    private boolean realtime = true;
    private Duration duration = Duration.ofSeconds(6);

    private Ffmpeg(String rtmpUrl) {
        this.rtmpUrl = rtmpUrl;
    }

    /** A publisher of 640x360 at 30 fps, a keyframe every second, AAC stereo 48 kHz, 6 s in real time. */
    public static Ffmpeg publisher(String rtmpUrl) {
        return new Ffmpeg(rtmpUrl);
    }

    /** Audio only ({@code -vn}): radio, music. */
    public Ffmpeg audioOnly() {
        video = false;
        audio = true;
        return this;
    }

    /** Video only ({@code -an}): slides, cameras without a microphone. */
    public Ffmpeg videoOnly() {
        video = true;
        audio = false;
        return this;
    }

    public Ffmpeg size(String widthByHeight) {
        this.size = widthByHeight;
        return this;
    }

    public Ffmpeg fps(int fps) {
        this.fps = fps;
        return this;
    }

    /** Keyframe interval in frames, fixed (no scene-cut keyframes), so segment boundaries are predictable. */
    public Ffmpeg gop(int frames) {
        this.gopFrames = frames;
        return this;
    }

    /** Consecutive B-frames ({@code -bf}): PTS ≠ DTS, what NVENC and x264 in OBS send by default. */
    public Ffmpeg bFrames(int count) {
        this.bFrames = count;
        return this;
    }

    /** {@code -re}: publish at the media's own pace, like a live encoder; off = as fast as the server reads. */
    public Ffmpeg realtime(boolean realtime) {
        this.realtime = realtime;
        return this;
    }

    /** Media duration ({@code -t}, an output option: exactly this much of each stream is sent). */
    public Ffmpeg duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    public List<String> command() {
        List<String> c = new ArrayList<>(List.of(Executables.require("ffmpeg", "ffmpeg").toString(),
                "-hide_banner", "-nostdin", "-loglevel", "warning"));
        if (realtime) {
            c.add("-re");
        }
        if (video) {
            c.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + fps));
        }
        if (audio) {
            c.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        c.addAll(List.of("-t", String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0)));
        if (video) {
            c.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-g", String.valueOf(gopFrames), "-keyint_min", String.valueOf(gopFrames), "-sc_threshold", "0",
                    "-bf", String.valueOf(bFrames), "-b:v", "800k"));
        } else {
            c.add("-vn");
        }
        if (audio) {
            c.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "2"));
        } else {
            c.add("-an");
        }
        c.addAll(List.of("-f", "flv", rtmpUrl));
        return c;
    }

    public ExternalProcess start() {
        return ExternalProcess.start("ffmpeg", command());
    }
}
