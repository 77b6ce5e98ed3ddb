package io.onair.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with tools nobody here wrote: real x264/AAC frames from an ffmpeg FLV are muxed into segments the way
 * the HLS segmenter does (tables + keyframe first), and ffprobe/ffmpeg must read them without a word of complaint.
 * ffprobe and ffmpeg must be installed (CI installs them): a missing tool fails the test, it does not skip it.
 */
class TsMuxerFfmpegTest {
    @TempDir
    Path dir;

    @Test
    void ffprobeReadsTheMuxedStreamAndEverySegmentDecodesStandalone() throws Exception {
        FlvFixture flv = FlvFixture.load("/ts/av.flv");
        assertThat(flv.video.codecsString()).isEqualTo("avc1.64000d");
        TsMuxer muxer = new TsMuxer(Optional.of(flv.video), Optional.of(flv.audio));

        List<ByteArrayOutputStream> segments = new ArrayList<>();
        ByteArrayOutputStream segment = null;
        for (MediaFrame frame : flv.frames) {
            if (frame instanceof VideoFrame v && v.keyframe()) {
                segment = new ByteArrayOutputStream();
                segments.add(segment);
                muxer.writeTables(segment);
            }
            if (segment != null) { // audio before the first keyframe is dropped, as the segmenter does
                muxer.writeFrame(frame, segment);
            }
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < segments.size(); i++) {
            segments.get(i).writeTo(whole);
            Files.write(dir.resolve("seg" + i + ".ts"), segments.get(i).toByteArray());
        }
        Path all = dir.resolve("all.ts");
        Files.write(all, whole.toByteArray());
        TsDemuxer.demux(whole.toByteArray()); // our own strict checks first

        Result probe = run("ffprobe", "-v", "error", "-show_streams", "-show_packets", all.toString());
        assertThat(probe.stderr).as("ffprobe errors").isEmpty();
        assertThat(probe.exit).isZero();
        List<Map<String, String>> streams = blocks(probe.stdout, "STREAM");
        assertThat(streams).hasSize(2);
        assertThat(streams.get(0)).containsEntry("codec_name", "h264").containsEntry("width", "320")
                .containsEntry("height", "240").containsEntry("profile", "High");
        assertThat(streams.get(1)).containsEntry("codec_name", "aac").containsEntry("sample_rate", "44100")
                .containsEntry("channels", "2");

        List<Map<String, String>> packets = blocks(probe.stdout, "PACKET");
        long videoFrames = flv.frames.stream().filter(f -> f instanceof VideoFrame).count();
        assertThat(packets.stream().filter(p -> p.get("codec_type").equals("video")).count()).isEqualTo(videoFrames);
        Map<String, Long> lastDts = new HashMap<>();
        for (Map<String, String> p : packets) {
            long dts = Long.parseLong(p.get("dts"));
            Long previous = lastDts.put(p.get("codec_type"), dts);
            if (previous != null) {
                assertThat(dts).as("%s dts after %d", p.get("codec_type"), previous).isGreaterThan(previous);
            }
            assertThat(Long.parseLong(p.get("pts"))).isGreaterThanOrEqualTo(dts);
        }
        MediaFrame firstVideo = flv.frames.stream().filter(f -> f instanceof VideoFrame).findFirst().orElseThrow();
        Map<String, String> firstPacket = packets.stream().filter(p -> p.get("codec_type").equals("video"))
                .findFirst().orElseThrow();
        assertThat(firstPacket)
                .containsEntry("dts", String.valueOf(firstVideo.dts() + TsMuxer.TIMESTAMP_OFFSET))
                .containsEntry("pts", String.valueOf(firstVideo.pts() + TsMuxer.TIMESTAMP_OFFSET));
        assertThat(firstPacket.get("flags")).as("keyframe flag").startsWith("K");

        for (int i = 0; i < segments.size(); i++) {
            // -enc_time_base -1 keeps the input's 90 kHz clock for the null output. By default it is 1/30 s, and
            // RTMP's millisecond timestamps (33/34 ms apart), shifted by an audio start 1.5 frames early, round to
            // equal values there: ffmpeg then complains about its own output ("non monotonically increasing dts
            // to muxer"), and prints the same for ffmpeg's own mpegts cut of this FLV at 2 s, so not the muxer.
            Result decode = run("ffmpeg", "-v", "error", "-i", dir.resolve("seg" + i + ".ts").toString(),
                    "-enc_time_base", "-1", "-f", "null", "-");
            assertThat(decode.stdout + decode.stderr).as("ffmpeg decoding segment %d alone", i).isEmpty();
            assertThat(decode.exit).isZero();
        }
    }

    @Test
    void audioOnlyStreamCarriesItsPcrOnTheAudioPidAndDecodes() throws Exception {
        FlvFixture flv = FlvFixture.load("/ts/av.flv");
        TsMuxer muxer = new TsMuxer(Optional.empty(), Optional.of(flv.audio));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        muxer.writeTables(out);
        flv.frames.stream().filter(f -> !(f instanceof VideoFrame)).forEach(f -> muxer.writeFrame(f, out));
        Path file = dir.resolve("audio.ts");
        Files.write(file, out.toByteArray());

        Result probe = run("ffprobe", "-v", "error", "-show_streams", "-show_packets", file.toString());
        assertThat(probe.stderr).isEmpty();
        assertThat(blocks(probe.stdout, "STREAM")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("codec_name", "aac").containsEntry("profile", "LC"));
        Result decode = run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.stdout + decode.stderr).isEmpty();
        assertThat(TsDemuxer.demux(out.toByteArray()).pcrPid).isEqualTo(TsMuxer.AUDIO_PID);
    }

    /** key=value lines between [NAME] and [/NAME]. */
    private static List<Map<String, String>> blocks(String output, String name) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : output.split("\n")) {
            if (line.equals("[" + name + "]")) {
                current = new HashMap<>();
            } else if (line.equals("[/" + name + "]")) {
                blocks.add(current);
                current = null;
            } else if (current != null && line.contains("=")) {
                current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return blocks;
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is required for this test (install ffmpeg): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
