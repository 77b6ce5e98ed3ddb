package io.onair.transcode;

import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvDemuxer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A synthetic source made by ffmpeg (never checked in: generated per run in a temp dir): {@code testsrc2} with
 * temporal noise (so the encoder has to spend bits, as on a camera), x264 with B-frames and a 2 s GOP, as OBS sends
 * it. Read back with our own FLV reader and the ingest's FlvDemuxer, so the frames are exactly what a publication
 * carries.
 */
final class SourceFixture {
    private SourceFixture() {
    }

    static Path generate(Path dir, String size, int fps, int seconds, int kbps) throws Exception {
        return generate(dir, size, fps, seconds, kbps, 3);
    }

    /** With {@code bFrames} 0 the first frame's pts is 0, as from x264's zerolatency or many hardware encoders. */
    static Path generate(Path dir, String size, int fps, int seconds, int kbps, int bFrames) throws Exception {
        Path out = dir.resolve("source-" + size + "-" + fps + "-bf" + bFrames + ".flv");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=" + size + ":rate=" + fps + ",noise=alls=12:allf=t", "-t",
                String.valueOf(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", String.valueOf(2 * fps),
                "-bf", String.valueOf(bFrames), "-b:v", kbps + "k", "-pix_fmt", "yuv420p", "-f", "flv", out.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("ffmpeg could not make the source: " + text);
        }
        return out;
    }

    static List<VideoFrame> read(Path flv) throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        FlvDemuxer demuxer = new FlvDemuxer();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(flv))) {
            FlvStreamReader reader = new FlvStreamReader(in);
            for (Optional<FlvTag> tag; (tag = reader.next()).isPresent(); ) {
                if (tag.get().type() == FlvTag.VIDEO) {
                    Optional<MediaFrame> f = demuxer.video(tag.get().timestamp(), tag.get().body());
                    f.ifPresent(frame -> frames.add((VideoFrame) frame));
                }
            }
        }
        return frames;
    }
}
