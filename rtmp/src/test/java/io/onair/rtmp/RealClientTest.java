package io.onair.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.rtmp.testing.ExternalProcess;
import io.onair.rtmp.testing.ExternalProcess.Result;
import io.onair.rtmp.testing.RecordingIngestHandler;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ffmpeg and GStreamer, clients nobody here wrote, publishing to a real {@link RtmpServer} on a free port. */
class RealClientTest {
    private final RecordingIngestHandler handler = new RecordingIngestHandler("key");
    private RtmpServer server;

    @BeforeEach
    void start() {
        server = new RtmpServer(new RtmpConfig("127.0.0.1", 0, RtmpLimits.defaults()), handler);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String key) {
        return "rtmp://127.0.0.1:" + server.port() + "/live/" + key;
    }

    @Test
    void ffmpegWithBFramesPublishesH264AndAacWithCompositionTimes() throws Exception {
        Result r = ExternalProcess.run(60, "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine", "-t", "3",
                "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "30", "-c:a", "aac",
                "-f", "flv", url("key"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.awaitEnd(10)).isTrue();

        assertThat(handler.ends).containsExactly(true);
        assertThat(handler.requests).singleElement().satisfies(req -> {
            assertThat(req.app()).isEqualTo("live");
            assertThat(req.streamKey()).isEqualTo("key");
        });
        List<VideoFrame> video = handler.frames(VideoFrame.class);
        List<AudioFrame> audio = handler.frames(AudioFrame.class);
        assertThat(video).hasSizeBetween(80, 95);
        assertThat(video.get(0).keyframe()).isTrue();
        assertThat(video.get(0).config().width()).isEqualTo(640);
        assertThat(video.get(0).config().height()).isEqualTo(360);
        assertThat(video.stream().filter(VideoFrame::keyframe)).hasSizeBetween(3, 4);
        assertThat(video).anySatisfy(f -> assertThat(f.pts()).isGreaterThan(f.dts()));
        long[] dts = video.stream().mapToLong(VideoFrame::dts).toArray();
        for (int i = 1; i < dts.length; i++) {
            assertThat(dts[i]).as("video dts %d", i).isGreaterThan(dts[i - 1]);
        }
        assertThat(audio).hasSizeGreaterThan(100);
        assertThat(audio.stream().mapToLong(AudioFrame::dts).toArray()).isSorted();
        assertThat(handler.metadata).hasSize(1);
    }

    @Test
    void ffmpegAudioOnly() throws Exception {
        Result r = ExternalProcess.run(60, "ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "sine", "-t", "2", "-c:a", "aac", "-f", "flv", url("key"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.awaitEnd(10)).isTrue();
        assertThat(handler.frames(VideoFrame.class)).isEmpty();
        assertThat(handler.frames(AudioFrame.class)).hasSizeGreaterThan(80)
                .allSatisfy(f -> assertThat(f.config().sampleRate()).isEqualTo(44_100));
        assertThat(handler.ends).containsExactly(true);
    }

    @Test
    void ffmpegVideoOnly() throws Exception {
        Result r = ExternalProcess.run(60, "ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libx264",
                "-preset", "veryfast", "-g", "30", "-an", "-f", "flv", url("key"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.awaitEnd(10)).isTrue();
        assertThat(handler.frames(AudioFrame.class)).isEmpty();
        assertThat(handler.frames(VideoFrame.class)).hasSize(60).first()
                .satisfies(f -> assertThat(f.keyframe()).isTrue());
        assertThat(handler.ends).containsExactly(true);
    }

    @Test
    void gstreamerRtmp2sink() throws Exception {
        Result r = ExternalProcess.run(60, "gst-launch-1.0", "-q",
                "videotestsrc", "num-buffers=60", "!", "video/x-raw,width=320,height=240,framerate=30/1", "!",
                "x264enc", "tune=zerolatency", "key-int-max=30", "!", "h264parse", "!", "queue", "!",
                "flvmux", "name=mux", "streamable=true", "!", "rtmp2sink", "location=" + url("key"),
                "audiotestsrc", "num-buffers=90", "!", "audioconvert", "!", "avenc_aac", "!", "aacparse", "!",
                "queue", "!", "mux.");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(handler.awaitEnd(10)).isTrue();
        List<VideoFrame> video = handler.frames(VideoFrame.class);
        assertThat(video).hasSizeGreaterThan(50);
        assertThat(video.get(0).keyframe()).isTrue();
        assertThat(video.get(0).config().width()).isEqualTo(320);
        assertThat(handler.frames(AudioFrame.class)).isNotEmpty();
    }

    @Test
    void wrongKeyMakesFfmpegFailAndPublishesNothing() throws Exception {
        Result r = ExternalProcess.run(60, "ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "sine", "-t", "1", "-c:a", "aac", "-f", "flv", url("wrong"));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("unknown stream key wrong");
        assertThat(handler.requests).hasSize(1);
        assertThat(handler.frames).isEmpty();
        assertThat(handler.ends).isEmpty();
    }

    @Test
    void ffmpegPlayingVerifiesTheDigestHandshakeThenHearsPlaybackIsRefused() throws Exception {
        // As an RTMP reader ffmpeg checks S1's and S2's digests (rtmpproto.c rtmp_handshake) before it sends play;
        // reaching the play refusal proves the signed S1/S2 passed.
        Result r = ExternalProcess.run(30, "ffmpeg", "-hide_banner", "-loglevel", "error", "-i", url("key"),
                "-t", "1", "-f", "null", "-");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).doesNotContain("validating failed").contains("does not serve RTMP playback");
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void aTakenPortFailsNamingThePort() {
        RtmpServer second = new RtmpServer(new RtmpConfig("127.0.0.1", server.port(), RtmpLimits.defaults()),
                handler);
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("in use");
    }
}
