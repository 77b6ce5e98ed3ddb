package io.onair.app.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.transcode.Ladder;
import io.onair.transcode.SourceInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upload's ffmpeg command line, golden (the keyframe rules are explained in {@link UploadCommand}), and what
 * {@link MediaProber} makes of ffprobe's answers (rotation, frame rates out of range, a file that is not a video).
 */
class UploadCommandTest {
    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static MediaInfo info(int width, int height, String rate, double fps, boolean audio) {
        return new MediaInfo("QuickTime / MOV", "mp4", Duration.ofSeconds(20), "h264", width, height, rate, fps,
                audio);
    }

    private static List<UploadCommand.Output> outputs(MediaInfo info) {
        return UploadCommand.outputs(info, Ladder.defaults().select(new SourceInfo(info.width(), info.height(),
                info.fps(), 0)));
    }

    @Test
    void a480p30FileGetsTheSourceAnd360pWithKeyframesEverySixtyFrames() {
        MediaInfo info = info(854, 480, "30/1", 30, true);
        List<UploadCommand.Output> outputs = outputs(info);
        assertThat(outputs).extracting(UploadCommand.Output::name).containsExactly("source", "360p");
        List<String> command = UploadCommand.command(Path.of("/usr/bin/ffmpeg"), Optional.of(Path.of("/usr/bin/nice")),
                Path.of("/w/source.mp4"), Path.of("/w"), info, outputs, TARGET, "veryfast");
        assertThat(String.join(" ", command)).isEqualTo("/usr/bin/nice -n 10 /usr/bin/ffmpeg -hide_banner -nostdin"
                + " -nostats -loglevel level+error -y -progress pipe:1 -i /w/source.mp4 -filter_complex"
                + " [0:v:0]fps=30/1,split=2[i0][i1];[i0]scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p[o0];"
                + "[i1]scale=640:360,setsar=1,format=yuv420p[o1]"
                + " -map [o0] -map 0:a:0 -c:a aac -b:a 128k -ar 48000 -ac 2 -c:v libx264 -preset veryfast"
                + " -x264-params keyint=infinite:scenecut=0:open-gop=0 -forced-idr 1 -crf 21 -maxrate 1230k"
                + " -bufsize 2460k -force_key_frames expr:not(mod(n,60)) -fps_mode passthrough -sn -dn"
                + " -output_ts_offset 10 -f flv -flvflags no_duration_filesize /w/source.flv"
                + " -map [o1] -an -c:v libx264 -preset veryfast -x264-params keyint=infinite:scenecut=0:open-gop=0"
                + " -forced-idr 1 -b:v 600k -maxrate 600k -bufsize 1200k -force_key_frames expr:not(mod(n,60))"
                + " -fps_mode passthrough -sn -dn -output_ts_offset 10 -f flv -flvflags no_duration_filesize"
                + " /w/360p.flv");
    }

    @Test
    void rungsOfA60fpsFileKeepEverySecondFrameAndTheirKeyframesAreTheSamePictures() {
        MediaInfo info = info(1280, 720, "60/1", 60, false);
        List<UploadCommand.Output> outputs = outputs(info);
        assertThat(outputs).extracting(UploadCommand.Output::name).containsExactly("source", "480p", "360p");
        assertThat(outputs).extracting(UploadCommand.Output::every).containsExactly(1, 2, 2);
        assertThat(UploadCommand.gop(info, outputs, TARGET)).isEqualTo(120);
        String command = String.join(" ", UploadCommand.command(Path.of("ffmpeg"), Optional.empty(), Path.of("in"),
                Path.of("out"), info, outputs, TARGET, "medium"));
        assertThat(command).startsWith("ffmpeg ").contains("[i1]select='not(mod(n\\,2))',scale=854:480,setsar=1")
                .contains("[o0] -an -c:v libx264").doesNotContain("0:a:0");
        assertThat(java.util.Arrays.stream(command.split("force_key_frames ")).skip(1).map(s -> s.split(" ")[0]))
                .containsExactly("expr:not(mod(n,120))", "expr:not(mod(n,60))", "expr:not(mod(n,60))");
    }

    @Test
    void segmentsOfNtscRatesAreWholeFramesAndTheSourceCapFollowsThePicture() {
        MediaInfo ntsc = info(1920, 1080, "30000/1001", 29.97, true);
        assertThat(UploadCommand.gop(ntsc, outputs(ntsc), TARGET)).isEqualTo(60); // 2.002 s
        assertThat(UploadCommand.sourceKbps(ntsc)).isEqualTo(6215);
        assertThat(UploadCommand.sourceKbps(info(320, 240, "15/1", 15, true))).isEqualTo(500);
        assertThat(UploadCommand.sourceKbps(info(3840, 2160, "60/1", 60, true))).isEqualTo(20_000);
    }

    @Test
    void ffprobeOfAPortraitPhoneVideoIsReadAsDisplayed() {
        MediaInfo info = MediaProber.info(JSON.readTree("""
                {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "format_long_name": "QuickTime / MOV",
                  "duration": "12.5"},
                 "streams": [
                  {"codec_type": "video", "codec_name": "hevc", "width": 1920, "height": 1080,
                   "avg_frame_rate": "2997/50", "r_frame_rate": "60/1", "sample_aspect_ratio": "1:1",
                   "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]},
                  {"codec_type": "audio", "codec_name": "aac"}]}
                """), "IMG_0001.MOV");
        assertThat(info).isEqualTo(new MediaInfo("QuickTime / MOV", "mov", Duration.ofMillis(12_500), "hevc", 1080,
                1920, "2997/50", 59.94, true));
    }

    @Test
    void aFasterFileIsEncodedAt60fpsAndAnythingButAVideoIsRefusedWithTheReason() {
        MediaInfo fast = MediaProber.info(JSON.readTree("""
                {"format": {"format_name": "matroska,webm", "format_long_name": "Matroska / WebM", "duration": "3"},
                 "streams": [{"codec_type": "video", "codec_name": "vp9", "width": 640, "height": 360,
                   "avg_frame_rate": "120/1"}]}
                """), "clip");
        assertThat(fast.frameRate()).isEqualTo("60/1");
        assertThat(fast.extension()).isEqualTo("mkv");
        assertThat(fast.audio()).isFalse();
        assertThatThrownBy(() -> MediaProber.info(JSON.readTree("""
                {"format": {"format_name": "mp3", "format_long_name": "MP2/3 (MPEG audio layer 2/3)", "duration": "3"},
                 "streams": [{"codec_type": "audio", "codec_name": "mp3"}]}
                """), "song.mp4")).isInstanceOf(BadMediaException.class)
                .hasMessage("is a MP2/3 (MPEG audio layer 2/3) file: upload an MP4, MOV or MKV file");
        assertThatThrownBy(() -> MediaProber.info(JSON.readTree("""
                {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3"},
                 "streams": [{"codec_type": "video", "codec_name": "mjpeg", "width": 300, "height": 300,
                   "disposition": {"attached_pic": 1}}, {"codec_type": "audio", "codec_name": "aac"}]}
                """), "song.m4a")).hasMessage("has no video stream (ffprobe found video mjpeg, audio aac)");
    }

    @Test
    void ffprobesErrorIsItsOwnWordsWithoutOurPath() {
        Path file = Path.of("/srv/onair/data/tmp/uploads/incoming/upload-123.part");
        assertThat(MediaProber.reason("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55647a9fc1c0] moov atom not found\n" + file
                + ": Invalid data found when processing input\n", file))
                .contains("moov atom not found; Invalid data found when processing input");
        assertThat(MediaProber.reason("  \n", file)).isEmpty();
    }
}
