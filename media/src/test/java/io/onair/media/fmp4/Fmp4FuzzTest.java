package io.onair.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.h264.Fuzz;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random track configs and frame lists, mostly plausible and sometimes broken (mutated avcC, odd rates and
 * sizes, timestamps that stall or go back, garbage NAL lengths, frames of a foreign config, missing next dts). The
 * muxer may refuse only with {@link MediaFormatException} or {@link IllegalArgumentException} and a message; every
 * init segment and fragment it does write must read back through the test-side reader with the same samples.
 */
class Fmp4FuzzTest {
    private static final int ITERATIONS = 1_500;

    @Test
    void randomTracksAndFramesEitherMuxAndReadBackOrFailCleanly() {
        long seed = 0x0f4d_2026L;
        Random random = new Random(seed);
        int written = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            try {
                written += iteration(random);
            } catch (MediaFormatException | IllegalArgumentException expected) {
                refused(expected);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + seed + " iteration " + i, e);
            }
        }
        assertThat(written).as("fragments written and read back").isGreaterThan(ITERATIONS);
        // The refusals were reached, not just the happy path.
        for (String refusal : List.of("does not increase after", "is empty", "NAL unit length",
                "a config change needs a new init segment", "has no entry for track", "is not packaged in fMP4",
                "does not fit avc1's 16-bit", "composition offset", "would last", "an fMP4 init segment needs",
                "the previous fragment declared", "avcC")) {
            assertThat(MESSAGES.stream().anyMatch(m -> m.contains(refusal))).as("a refusal: " + refusal).isTrue();
        }
    }

    private static final java.util.Set<String> MESSAGES = new java.util.TreeSet<>();

    private static void refused(RuntimeException e) {
        assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
        MESSAGES.add(e.getMessage());
    }

    /** One init segment and a few fragments; returns how many fragments were written and verified. */
    private static int iteration(Random random) {
        List<TrackConfig> tracks = randomTracks(random);
        byte[] init;
        try {
            init = Fmp4InitSegment.write(tracks);
        } catch (MediaFormatException | IllegalArgumentException expected) {
            refused(expected);
            return 0;
        }
        assertThat(Fmp4Reader.read(init).tracks()).hasSize(tracks.size());
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(tracks);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(init);
        Map<Integer, List<MediaFrame>> accepted = new HashMap<>();
        long[] dts = new long[tracks.size()];
        for (int t = 0; t < dts.length; t++) {
            dts[t] = random.nextInt(8) == 0 ? random.nextLong(Fmp4FragmentWriter.MAX_DTS) : random.nextInt(900_000);
        }
        int written = 0;
        for (int f = 0, fragments = 1 + random.nextInt(4); f < fragments; f++) {
            List<MediaFrame> frames = new ArrayList<>();
            for (int n = random.nextInt(40) + (random.nextInt(50) == 0 ? -1 : 1); n > 0; n--) {
                int t = random.nextInt(tracks.size());
                frames.add(frame(random, tracks.get(t), dts[t]));
                dts[t] += step(random);
            }
            Map<Integer, Long> next = new HashMap<>();
            for (int t = 0; t < tracks.size(); t++) {
                if (random.nextInt(40) != 0) { // sometimes missing, sometimes past the next frame
                    next.put(t + 1, dts[t] + (random.nextInt(30) == 0 ? 1 + random.nextInt(3000) : 0));
                }
            }
            byte[] fragment;
            try {
                fragment = writer.writeFragment(frames, next);
            } catch (MediaFormatException | IllegalArgumentException expected) {
                refused(expected);
                continue;
            }
            file.writeBytes(fragment);
            written++;
            for (MediaFrame frame : frames) {
                accepted.computeIfAbsent(tracks.indexOf(frame.config()) + 1, k -> new ArrayList<>()).add(frame);
            }
        }
        ParsedFile parsed = Fmp4Reader.read(file.toByteArray(), false);
        assertThat(parsed.fragments()).hasSize(written);
        for (Map.Entry<Integer, List<MediaFrame>> track : accepted.entrySet()) {
            List<ParsedSample> samples = parsed.samples(track.getKey());
            List<MediaFrame> frames = track.getValue();
            assertThat(samples).hasSameSizeAs(frames);
            for (int s = 0; s < frames.size(); s++) {
                assertThat(samples.get(s).data()).isEqualTo(frames.get(s).data());
                if (frames.get(s) instanceof VideoFrame v) {
                    assertThat(samples.get(s).dts()).isEqualTo(v.dts());
                    assertThat(samples.get(s).pts()).isEqualTo(v.pts());
                    assertThat(samples.get(s).sync()).isEqualTo(v.keyframe());
                }
            }
        }
        return written;
    }

    private static List<TrackConfig> randomTracks(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> List.of();
            case 1, 2 -> List.of(video(random));
            case 3, 4 -> List.of(audio(random));
            case 5 -> List.of(audio(random), video(random));
            default -> List.of(video(random), audio(random));
        };
    }

    private static VideoConfig video(Random random) {
        byte[] avcC = Samples.VIDEO.decoderConfig();
        if (random.nextInt(8) == 0) {
            avcC = Fuzz.mutate(avcC, random);
        }
        int width = random.nextInt(16) == 0 ? 1 + random.nextInt(100_000) : 16 * (1 + random.nextInt(240));
        int height = 16 * (1 + random.nextInt(135));
        return new VideoConfig(random.nextInt(30) == 0 ? VideoCodec.HEVC : VideoCodec.H264, width, height, avcC,
                Samples.VIDEO.sps(), Samples.VIDEO.pps(), "avc1.64001f");
    }

    private static AudioConfig audio(Random random) {
        int[] rates = {8_000, 22_050, 44_100, 48_000, 96_000};
        int rate = random.nextInt(8) == 0 ? 1 + random.nextInt(200_000) : rates[random.nextInt(rates.length)];
        int samplesPerFrame = random.nextInt(8) == 0 ? 1 + random.nextInt(4096) : random.nextBoolean() ? 1024 : 960;
        byte[] asc = new byte[random.nextInt(8) == 0 ? random.nextInt(300) : 2 + random.nextInt(4)];
        random.nextBytes(asc);
        return new AudioConfig(AudioCodec.AAC, 2, rate, 1 + random.nextInt(8), samplesPerFrame, asc, "mp4a.40.2");
    }

    private static MediaFrame frame(Random random, TrackConfig track, long dts) {
        if (random.nextInt(400) == 0) {
            track = random.nextBoolean() ? video(random) : audio(random); // almost surely a foreign config
        }
        return switch (track) {
            case VideoConfig v -> {
                long pts = dts + (random.nextInt(4) == 0 ? 0 : random.nextInt(9_000));
                if (random.nextInt(1000) == 0) {
                    pts = dts + (1L << 31);
                }
                yield new VideoFrame(v, dts, pts, random.nextInt(5) == 0, nalUnits(random));
            }
            case AudioConfig a -> {
                byte[] data = new byte[random.nextInt(500) == 0 ? 0 : 1 + random.nextInt(300)];
                random.nextBytes(data);
                yield new AudioFrame(a, dts, data);
            }
        };
    }

    /** 4-byte-length NAL units; one in 300 broken (a length past the end). */
    private static byte[] nalUnits(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            byte[] nal = new byte[1 + random.nextInt(200)];
            random.nextBytes(nal);
            int length = random.nextInt(300) == 0 ? nal.length + 1 + random.nextInt(100) : nal.length;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** Mostly a frame interval; sometimes a stall, a step back, a tiny step or a long gap. */
    private static long step(Random random) {
        return switch (random.nextInt(300)) {
            case 0 -> 0;
            case 1 -> -random.nextInt(3000);
            case 2 -> 1;
            case 3 -> random.nextLong(1L << 34);
            default -> 1000 + random.nextInt(3000);
        };
    }
}
