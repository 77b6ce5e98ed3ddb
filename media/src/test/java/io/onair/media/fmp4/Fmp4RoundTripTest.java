package io.onair.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real frames muxed and read back by the test-side reader: every sample's time, flags and bytes survive. */
class Fmp4RoundTripTest {
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");

    @Test
    void videoTrackKeepsDtsPtsKeyframesAndBytes() {
        List<TrackConfig> tracks = List.of(FLV.video());
        List<List<MediaFrame>> fragments = Fragmenter.atKeyframes(FLV.videoFrames(), 0);
        assertThat(fragments).hasSizeGreaterThanOrEqualTo(2);
        ParsedFile file = Fmp4Reader.read(Fragmenter.mux(tracks, fragments, true));

        assertThat(file.brands()).containsExactly("iso6", "iso6", "cmfc", "mp41");
        assertThat(file.track(1).timescale()).isEqualTo(90_000);
        assertThat(file.track(1).decoderConfig()).isEqualTo(FLV.video().decoderConfig());
        assertThat(file.fragments()).hasSize(fragments.size()).first().isEqualTo(1L);
        List<ParsedSample> samples = file.samples(1);
        List<MediaFrame> frames = FLV.videoFrames();
        assertThat(samples).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame frame = (VideoFrame) frames.get(i);
            ParsedSample sample = samples.get(i);
            assertThat(sample.dts()).as("dts %d", i).isEqualTo(frame.dts());
            assertThat(sample.pts()).as("pts %d", i).isEqualTo(frame.pts());
            assertThat(sample.sync()).as("sync %d", i).isEqualTo(frame.keyframe());
            assertThat(sample.flags()).isEqualTo(frame.keyframe() ? 0x0200_0000 : 0x0101_0000);
            assertThat(sample.data()).isEqualTo(frame.data());
        }
        assertThat(java.util.stream.IntStream.range(1, frames.size())
                .anyMatch(i -> frames.get(i).pts() < frames.get(i - 1).pts())).as("B-frames reorder").isTrue();
    }

    @Test
    void audioTrackRunsOnTheSampleClock() {
        AudioConfig audio = FLV.audio();
        List<MediaFrame> frames = FLV.audioFrames();
        ParsedFile file = Fmp4Reader.read(Fragmenter.mux(List.of(audio), Fragmenter.atKeyframes(frames, 40),
                true));
        assertThat(file.track(1).timescale()).isEqualTo(48_000);
        assertThat(file.track(1).decoderConfig()).isEqualTo(audio.decoderConfig());
        List<ParsedSample> samples = file.samples(1);
        assertThat(samples).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            ParsedSample sample = samples.get(i);
            assertThat(sample.duration()).as("duration %d", i).isEqualTo(1024);
            assertThat(sample.sync()).isTrue();
            assertThat(sample.data()).isEqualTo(frames.get(i).data());
            // within half a frame of the 90 kHz timestamp, converted
            assertThat(Math.abs(sample.dts() * 90_000.0 / 48_000 - frames.get(i).dts())).isLessThan(45_000 * 1024.0
                    / 48_000);
        }
    }

    @Test
    void muxedFileInterleavesBothTracksPerFragment() {
        List<TrackConfig> tracks = List.of(FLV.video(), FLV.audio());
        List<List<MediaFrame>> fragments = Fragmenter.atKeyframes(dropAudioBeforeFirstKeyframe(FLV.frames()), 0);
        ParsedFile file = Fmp4Reader.read(Fragmenter.mux(tracks, fragments, false));
        assertThat(file.brands()).containsExactly("iso6", "iso6", "mp41");
        assertThat(file.tracks()).extracting(ParsedTrack::handler).containsExactly("vide", "soun");
        assertThat(file.samples(1)).hasSize(FLV.videoFrames().size());
        assertThat(file.samples(2)).hasSize((int) fragments.stream().flatMap(List::stream)
                .filter(f -> f.config() instanceof AudioConfig).count());
    }

    static List<MediaFrame> dropAudioBeforeFirstKeyframe(List<MediaFrame> frames) {
        int first = 0;
        while (!(frames.get(first) instanceof VideoFrame v && v.keyframe())) {
            first++;
        }
        return frames.subList(first, frames.size());
    }
}
