package io.onair.media.fmp4;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.flv.FlvDemuxer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Real H.264 + AAC frames: an ffmpeg-written FLV file (video_file_format_spec_v10 §E.4) cut into tags and fed to
 * the ingest's own {@link FlvDemuxer}, so the frames are exactly what an RTMP publisher's would become. Public in
 * the test-jar: the hls tests package the same frames into real segments.
 */
public record FlvFrames(VideoConfig video, AudioConfig audio, List<MediaFrame> frames) {
    public static FlvFrames load(String resource) {
        byte[] flv;
        try (InputStream in = Objects.requireNonNull(FlvFrames.class.getResourceAsStream(resource), resource)) {
            flv = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FlvDemuxer demuxer = new FlvDemuxer();
        List<MediaFrame> frames = new ArrayList<>();
        int p = u32(flv, 5) + 4; // header, PreviousTagSize0
        while (p + 11 <= flv.length) {
            int type = flv[p] & 0x1F;
            int size = u32(flv, p) & 0xFFFFFF;
            long ms = (u32(flv, p + 3) & 0xFFFFFF) | (flv[p + 7] & 0xFFL) << 24;
            byte[] body = Arrays.copyOfRange(flv, p + 11, p + 11 + size);
            p += 11 + size + 4;
            switch (type) {
                case 9 -> demuxer.video(ms, body).ifPresent(frames::add);
                case 8 -> demuxer.audio(ms, body).ifPresent(frames::add);
                default -> { } // script data
            }
        }
        return new FlvFrames(demuxer.videoConfig().orElseThrow(), demuxer.audioConfig().orElseThrow(),
                List.copyOf(frames));
    }

    public List<MediaFrame> videoFrames() {
        return frames.stream().filter(f -> f.config() instanceof VideoConfig).toList();
    }

    public List<MediaFrame> audioFrames() {
        return frames.stream().filter(f -> f.config() instanceof AudioConfig).toList();
    }

    private static int u32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }
}
