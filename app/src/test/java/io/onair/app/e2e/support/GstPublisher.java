package io.onair.app.e2e.support;

import java.util.ArrayList;
import java.util.List;

/**
 * A GStreamer RTMP publisher ({@code rtmp2sink}, the maintained RTMP element of gst-plugins-bad): live test
 * pattern and tone, H.264 (x264enc, zero-latency: no B-frames) and AAC, muxed by {@code flvmux}. A second RTMP
 * client implementation next to ffmpeg's, with its own handshake, chunking and command sequence.
 */
public final class GstPublisher {
    private final String rtmpUrl;
    private int videoBuffers = 120;
    private int fps = 30;

    private GstPublisher(String rtmpUrl) {
        this.rtmpUrl = rtmpUrl;
    }

    public static GstPublisher publisher(String rtmpUrl) {
        return new GstPublisher(rtmpUrl);
    }

    /** How many video frames to send before EOS (120 at 30 fps = 4 s); audio is cut to the same length. */
    public GstPublisher videoFrames(int frames) {
        this.videoBuffers = frames;
        return this;
    }

    public List<String> command() {
        String aacEncoder = aacEncoder();
        int sampleRate = 48000;
        int samplesPerBuffer = 1024;
        int audioBuffers = (int) Math.ceil((double) videoBuffers / fps * sampleRate / samplesPerBuffer);
        List<String> c = new ArrayList<>(List.of(Executables.require("gst-launch-1.0", "gstreamer1.0-tools").toString(),
                // -e: on EOS the pipeline drains and rtmp2sink ends the publish properly before exiting.
                "-e", "-q"));
        c.addAll(List.of("videotestsrc", "is-live=true", "num-buffers=" + videoBuffers, "!",
                "video/x-raw,width=320,height=240,framerate=" + fps + "/1", "!",
                "x264enc", "tune=zerolatency", "key-int-max=" + fps, "!", "h264parse", "!",
                "flvmux", "name=m", "streamable=true", "!", "rtmp2sink", "location=" + rtmpUrl));
        c.addAll(List.of("audiotestsrc", "is-live=true", "num-buffers=" + audioBuffers,
                "samplesperbuffer=" + samplesPerBuffer, "!", "audio/x-raw,rate=" + sampleRate + ",channels=2", "!",
                "audioconvert", "!", aacEncoder, "!", "aacparse", "!", "m."));
        return c;
    }

    public ExternalProcess start() {
        return ExternalProcess.start("gst-launch-1.0", command());
    }

    /** voaacenc (plugins-bad) or avenc_aac (gstreamer1.0-libav), whichever this machine has. */
    static String aacEncoder() {
        for (String element : List.of("voaacenc", "avenc_aac")) {
            if (elementExists(element)) {
                return element;
            }
        }
        throw new AssertionError("no GStreamer AAC encoder (voaacenc or avenc_aac): install gstreamer1.0-plugins-bad"
                + " or gstreamer1.0-libav (.ci/run does)");
    }

    static boolean elementExists(String element) {
        String inspect = Executables.require("gst-inspect-1.0", "gstreamer1.0-tools").toString();
        try (ExternalProcess p = ExternalProcess.start("gst-inspect-1.0", List.of(inspect, "--exists", element))) {
            return p.exitCode(java.time.Duration.ofSeconds(30)) == 0;
        }
    }
}
