package io.onair.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with demuxers nobody here wrote: init + fragments of real x264 (B-frames) and AAC frames,
 * concatenated into one file, must be read by ffprobe, decoded by ffmpeg and demuxed and decoded by GStreamer
 * without a word on stderr, with ffprobe's timestamps and keyframe flags equal to ours. The tools must be installed:
 * a missing one fails the test.
 */
class Fmp4ToolsTest {
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");

    @TempDir
    Path dir;

    @Test
    void muxedVideoAndAudio() throws IOException {
        List<TrackConfig> tracks = List.of(FLV.video(), FLV.audio());
        List<MediaFrame> frames = Fmp4RoundTripTest.dropAudioBeforeFirstKeyframe(FLV.frames());
        Path file = write("av.mp4", Fragmenter.mux(tracks, Fragmenter.atKeyframes(frames, 0), false));

        List<Map<String, String>> packets = probe(file, 2);
        checkVideoPackets(packets, 0);
        checkAudioPackets(file, packets, 1);
        decodes(file);
        gstreamer(file, "qtdemux name=d d.video_0 ! queue ! fakesink d.audio_0 ! queue ! fakesink");
        gstreamer(file, "decodebin name=d d. ! queue ! fakesink d. ! queue ! fakesink");
    }

    @Test
    void videoOnlyCmafTrackWithPartsThatStartMidGop() throws IOException {
        List<TrackConfig> tracks = List.of(FLV.video());
        // LL-HLS: parts of 10 frames, so most start with a non-keyframe; styp where a segment (keyframe) starts.
        List<List<MediaFrame>> parts = Fragmenter.cut(FLV.videoFrames(), (part, frame) -> part.size() == 10
                || frame instanceof VideoFrame v && v.keyframe());
        assertThat(parts.stream().filter(p -> !((VideoFrame) p.get(0)).keyframe()).count()).isPositive();
        Path file = write("v.mp4", Fragmenter.mux(tracks, parts, true));

        checkVideoPackets(probe(file, 1), 0);
        decodes(file);
        gstreamer(file, "qtdemux ! fakesink");
        gstreamer(file, "decodebin ! fakesink");
    }

    @Test
    void audioOnlyCmafTrack() throws IOException {
        Path file = write("a.mp4", Fragmenter.mux(List.of(FLV.audio()),
                Fragmenter.atKeyframes(FLV.audioFrames(), 47), true));

        checkAudioPackets(file, probe(file, 1), 0);
        decodes(file);
        gstreamer(file, "qtdemux ! fakesink");
        gstreamer(file, "decodebin ! fakesink");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** ffprobe's streams: codec, size, rate as in the source; returns its packets. */
    private static List<Map<String, String>> probe(Path file, int streamCount) {
        Tools.Result probe = Tools.run("ffprobe", "-v", "error", "-show_streams", "-show_packets", file.toString());
        assertThat(probe.stderr()).as("ffprobe errors").isEmpty();
        assertThat(probe.exit()).isZero();
        List<Map<String, String>> streams = Tools.blocks(probe.stdout(), "STREAM");
        assertThat(streams).hasSize(streamCount);
        for (Map<String, String> stream : streams) {
            if (stream.get("codec_type").equals("video")) {
                assertThat(stream).containsEntry("codec_name", "h264").containsEntry("profile", "High")
                        .containsEntry("width", "320").containsEntry("height", "240")
                        .containsEntry("time_base", "1/90000").containsEntry("r_frame_rate", "30/1");
            } else {
                assertThat(stream).containsEntry("codec_name", "aac").containsEntry("profile", "LC")
                        .containsEntry("sample_rate", "48000").containsEntry("channels", "1")
                        .containsEntry("time_base", "1/48000");
            }
        }
        return Tools.blocks(probe.stdout(), "PACKET");
    }

    /** Every video packet's pts, dts and keyframe flag equal the frame's: no shift, no edit list. */
    private static void checkVideoPackets(List<Map<String, String>> packets, int streamIndex) {
        List<Map<String, String>> video = packets.stream()
                .filter(p -> p.get("stream_index").equals(String.valueOf(streamIndex))).toList();
        List<MediaFrame> frames = FLV.videoFrames();
        assertThat(video).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame frame = (VideoFrame) frames.get(i);
            assertThat(video.get(i)).as("video packet %d", i)
                    .containsEntry("dts", String.valueOf(frame.dts()))
                    .containsEntry("pts", String.valueOf(frame.pts()))
                    .containsEntry("size", String.valueOf(frame.data().length))
                    .containsEntry("flags", frame.keyframe() ? "K_" : "__");
        }
    }

    /** Audio packets: on our sample clock (as the test-side reader sees it), 1024 ticks each, all keyframes. */
    private static void checkAudioPackets(Path file, List<Map<String, String>> packets, int streamIndex)
            throws IOException {
        List<Map<String, String>> audio = packets.stream()
                .filter(p -> p.get("stream_index").equals(String.valueOf(streamIndex))).toList();
        List<ParsedSample> ours = Fmp4Reader.read(Files.readAllBytes(file)).samples(streamIndex + 1);
        assertThat(audio).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(audio.get(i)).as("audio packet %d", i)
                    .containsEntry("pts", String.valueOf(ours.get(i).dts()))
                    .containsEntry("dts", String.valueOf(ours.get(i).dts()))
                    .containsEntry("flags", "K_");
            if (i > 0) { // ffprobe 5.1 prints duration=N/A for fragmented files, ffmpeg's own too
                assertThat(Long.parseLong(audio.get(i).get("dts")) - Long.parseLong(audio.get(i - 1).get("dts")))
                        .as("audio packet %d duration", i - 1).isEqualTo(1024);
            }
        }
    }

    private static void decodes(Path file) {
        Tools.Result decode = Tools.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.stdout() + decode.stderr()).as("ffmpeg decoding").isEmpty();
        assertThat(decode.exit()).isZero();
    }

    private static void gstreamer(Path file, String pipeline) {
        String[] command = ("gst-launch-1.0 -q filesrc location=" + file + " ! " + pipeline).split(" ");
        // GST_DEBUG level 2 also prints the elements' own warnings (a qtdemux complaint that is not an error);
        // basesrc's "pad not activated yet" is printed for every file read in pull mode, so it is left out.
        Tools.Result run = Tools.run(Map.of("GST_DEBUG", "2,basesrc:1", "GST_DEBUG_NO_COLOR", "1"), command);
        assertThat(run.stderr()).as("GStreamer stderr for %s", pipeline).isEmpty();
        assertThat(run.exit()).as("GStreamer exit for %s: %s", pipeline, run.stdout()).isZero();
    }
}
