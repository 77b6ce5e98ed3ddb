package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FfmpegProbeTest {
    @Test
    void theFfmpegOnPathHasLibx264() {
        Path ffmpeg = FfmpegLocator.onPath(System.getenv("PATH")).orElseThrow(
                () -> new AssertionError("ffmpeg is not on PATH: install it (apt-get install ffmpeg)"));
        FfmpegInfo info = FfmpegProbe.probe(ffmpeg);
        assertThat(info.version()).isNotBlank();
        assertThat(info.hasEncoder("libx264")).isTrue();
        FfmpegProbe.require(info, Encoder.LIBX264, "onair.transcode.encoder");
    }

    @Test
    void encodersAreParsedFromTheListing() {
        String listing = """
                Encoders:
                 V..... = Video
                 ------
                 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
                 V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
                 A....D aac                  AAC (Advanced Audio Coding)
                """;
        assertThat(FfmpegProbe.parseEncoders(listing)).containsExactly("libx264", "h264_nvenc", "aac");
    }

    @Test
    void aMissingEncoderNamesTheKeyAndWhatToDo() {
        FfmpegInfo noX264 = new FfmpegInfo(Path.of("/opt/ffmpeg"), "6.1", Set.of("h264_vaapi", "aac"));
        assertThatThrownBy(() -> FfmpegProbe.require(noX264, Encoder.LIBX264, "onair.transcode.encoder"))
                .isInstanceOf(TranscodeException.class)
                .hasMessageStartingWith("onair.transcode.encoder: ffmpeg 6.1 at /opt/ffmpeg has no libx264 encoder"
                        + " (an ffmpeg built without --enable-libx264");
        assertThatThrownBy(() -> FfmpegProbe.require(noX264, Encoder.H264_NVENC, "onair.transcode.encoder"))
                .hasMessage("onair.transcode.encoder: ffmpeg 6.1 at /opt/ffmpeg has no h264_nvenc encoder"
                        + " (ffmpeg lists: [h264_vaapi])");
    }

    @Test
    void versionsBefore51AreTooOld() {
        FfmpegInfo old = new FfmpegInfo(Path.of("/usr/bin/ffmpeg"), "4.4.2-0ubuntu0.22.04.1", Set.of("libx264"));
        assertThatThrownBy(() -> FfmpegProbe.require(old, Encoder.LIBX264, "k")).hasMessageContaining("too old");
        assertThat(new FfmpegInfo(Path.of("f"), "n7.1", Set.of()).atLeast(5, 1)).isTrue();
        assertThat(new FfmpegInfo(Path.of("f"), "N-112233-gabcdef", Set.of()).atLeast(5, 1)).isTrue();
        assertThat(new FfmpegInfo(Path.of("f"), "5.0.3", Set.of()).atLeast(5, 1)).isFalse();
    }
}
