package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A readable stand-in for MPEG-TS: {@code [tables 1280x720+aac] V0K V3000 A1920 ...} (dts in 90 kHz ticks, K for a
 * keyframe), so segmenter tests can assert exactly what each segment holds.
 */
final class FakeFormat implements SegmentFormat {
    int writersOpened;

    @Override
    public String extension() {
        return "ts";
    }

    @Override
    public SegmentWriter open(Optional<VideoConfig> video, Optional<AudioConfig> audio) {
        writersOpened++;
        String tables = "[tables " + video.map(v -> v.width() + "x" + v.height()).orElse("-") + "+"
                + audio.map(a -> "aac" + a.sampleRate()).orElse("-") + "]";
        return new SegmentWriter() {
            @Override
            public void begin(ByteArrayOutputStream out) {
                out.writeBytes(tables.getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void write(MediaFrame frame, ByteArrayOutputStream out) {
                String s = switch (frame) {
                    case VideoFrame v -> " V" + v.dts() + (v.keyframe() ? "K" : "");
                    case AudioFrame a -> " A" + a.dts();
                };
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                // padding so byte counts (bitrates) are realistic-ish: the frame's payload size
                out.writeBytes(new byte[0]);
            }
        };
    }

    static String text(byte[] segment) {
        return new String(segment, StandardCharsets.US_ASCII);
    }
}
