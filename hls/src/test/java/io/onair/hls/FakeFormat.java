package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A readable stand-in for the real formats: {@code [tables 1280x720+aac48000] V0K A0 V3000 ...} (dts in 90 kHz ticks,
 * K for a keyframe), so tests can assert exactly what each segment holds. {@link #muxed()} behaves like MPEG-TS
 * (audio in every variant, no init segment), {@link #separate()} like fMP4 (one track per rendition, an init
 * segment {@code [init …]}).
 */
final class FakeFormat implements SegmentFormat {
    private final boolean separate;
    int writersOpened;

    private FakeFormat(boolean separate) {
        this.separate = separate;
    }

    static FakeFormat muxed() {
        return new FakeFormat(false);
    }

    static FakeFormat separate() {
        return new FakeFormat(true);
    }

    @Override
    public String extension() {
        return separate ? "m4s" : "ts";
    }

    @Override
    public boolean separateTracks() {
        return separate;
    }

    @Override
    public Optional<byte[]> init(List<TrackConfig> tracks) {
        return separate ? Optional.of(("[init " + describe(tracks) + "]").getBytes(StandardCharsets.US_ASCII))
                : Optional.empty();
    }

    private static String describe(List<TrackConfig> tracks) {
        Optional<VideoConfig> video = tracks.stream().filter(t -> t instanceof VideoConfig).map(t -> (VideoConfig) t)
                .findFirst();
        Optional<AudioConfig> audio = tracks.stream().filter(t -> t instanceof AudioConfig).map(t -> (AudioConfig) t)
                .findFirst();
        return video.map(v -> v.width() + "x" + v.height()).orElse("-") + "+"
                + audio.map(a -> "aac" + a.sampleRate()).orElse("-");
    }

    @Override
    public SegmentWriter open(List<TrackConfig> tracks) {
        writersOpened++;
        String tables = "[tables " + describe(tracks) + "]";
        return new SegmentWriter() {
            @Override
            public void begin(ByteArrayOutputStream out) {
                out.writeBytes(tables.getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts, ByteArrayOutputStream out) {
                for (MediaFrame frame : frames) {
                    String s = switch (frame) {
                        case VideoFrame v -> " V" + v.dts() + (v.keyframe() ? "K" : "");
                        case AudioFrame a -> " A" + a.dts();
                    };
                    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                }
            }
        };
    }

    static String text(byte[] segment) {
        return new String(segment, StandardCharsets.US_ASCII);
    }
}
