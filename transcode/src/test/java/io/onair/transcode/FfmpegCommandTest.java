package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden command lines: the options that keep timestamps and keyframes are the contract with the packager. */
class FfmpegCommandTest {
    static final Path WORK = Path.of("/data/transcode");

    static String command(TranscodeSettings settings, SourceInfo source) {
        List<Rendition> renditions = settings.ladder().select(source);
        return String.join(" ", FfmpegCommand.build(Path.of("/usr/bin/ffmpeg"), settings, renditions,
                r -> WORK.resolve("c-1").resolve(renditions.indexOf(r) + ".sock")));
    }

    @Test
    void x264LadderOfA720pSource() {
        assertThat(command(TranscodeSettings.defaults(WORK), new SourceInfo(1280, 720, 30, 2500))).isEqualTo(
                "/usr/bin/ffmpeg -hide_banner -nostdin -nostats -loglevel level+warning"
                + " -copyts -probesize 32 -analyzeduration 0 -f flv -i pipe:0"
                + " -filter_complex [0:v]split=2[i0][i1];[i0]scale=854:480,setsar=1,format=yuv420p[o0];"
                + "[i1]scale=640:360,setsar=1,format=yuv420p[o1]"
                + " -map [o0] -c:v libx264 -preset veryfast -x264-params keyint=infinite:scenecut=0:open-gop=0"
                + " -forced-idr 1 -b:v 1200k -maxrate 1200k -bufsize 2400k -force_key_frames source"
                + " -fps_mode passthrough -enc_time_base 1:1000 -an -f flv -flvflags no_duration_filesize"
                + " unix:/data/transcode/c-1/0.sock"
                + " -map [o1] -c:v libx264 -preset veryfast -x264-params keyint=infinite:scenecut=0:open-gop=0"
                + " -forced-idr 1 -b:v 600k -maxrate 600k -bufsize 1200k -force_key_frames source"
                + " -fps_mode passthrough -enc_time_base 1:1000 -an -f flv -flvflags no_duration_filesize"
                + " unix:/data/transcode/c-1/1.sock");
    }

    @Test
    void a60FpsSourceIsThinnedKeepingItsKeyframes() {
        TranscodeSettings settings = TranscodeSettings.defaults(WORK)
                .withLadder(new Ladder(List.of(Rung.of("360p", 360, 30, 600))));
        assertThat(FfmpegCommand.filterGraph(Encoder.LIBX264, settings.ladder().select(
                new SourceInfo(1280, 720, 60, 4000)))).isEqualTo("[0:v]split=1[i0];[i0]select="
                + "'key+isnan(prev_selected_t)+gte(t-prev_selected_t,0.0250)',scale=640:360,setsar=1,format=yuv420p[o0]");
    }

    @Test
    void vaapiUploadsFramesAndNamesItsDevice() {
        TranscodeSettings settings = TranscodeSettings.defaults(WORK)
                .withLadder(new Ladder(List.of(Rung.of("360p", 360, 30, 600))))
                .withEncoder(Encoder.H264_VAAPI, "", "/dev/dri/renderD128");
        String cmd = command(settings, new SourceInfo(1280, 720, 30, 4000));
        assertThat(cmd).contains("-vaapi_device /dev/dri/renderD128 -copyts")
                .contains("scale=640:360,setsar=1,format=nv12,hwupload[o0]")
                .contains("-c:v h264_vaapi -g 100000 -b:v 600k");
    }

    @Test
    void nvencTurnsOffScenecutAndForcesIdr() {
        TranscodeSettings settings = TranscodeSettings.defaults(WORK).withEncoder(Encoder.H264_NVENC, "p4", "");
        assertThat(command(settings, new SourceInfo(1920, 1080, 30, 6000)))
                .contains("-c:v h264_nvenc -preset p4 -g 100000 -no-scenecut 1 -forced-idr 1 -b:v 2500k");
    }
}
