package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.MasterPlaylist;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.PlaylistWatcher;
import io.onair.app.e2e.support.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * ffmpeg publishes 6 s of H.264 with B-frames (x264, {@code -bf 2}, a keyframe every second) and AAC in real time,
 * as a streamer's encoder does; a watcher plays the channel's HLS the whole time like a player at the live edge.
 * Each test asserts one property of what the server delivered, checked by ffprobe where it is about the media.
 * Runs with the server's default segment format (fMP4, audio as its own rendition; or MPEG-TS with audio muxed):
 * the video comes from the video variant's playlist, the audio from whichever playlist carries it.
 */
class FfmpegH264AacPublishTest extends LiveServerTest {
    private static final Duration SENT = Duration.ofSeconds(6);
    private static final int FPS = 30;
    private static final double ONE_FRAME = 1.0 / FPS;

    @TempDir
    static Path segmentsDir;

    private ExternalProcess publisher;
    private PlaylistWatcher watcher;
    private MediaPlaylist finalPlaylist;
    /** ffprobe's packets of each ended media playlist, read once for the tests that need them. */
    private final Map<URI, JsonNode> packets = new LinkedHashMap<>();

    @BeforeAll
    void publishAndWatch() {
        // Reloads every 20 ms: the first master playlist served is the one a player may keep for the whole session.
        watcher = closeAfterAll(PlaylistWatcher.start(hls(), AVC, Duration.ofMillis(20)));
        publisher = closeAfterAll(Ffmpeg.publisher(rtmpUrl(keyOf(AVC)))
                .size("640x360").fps(FPS).gop(FPS).bFrames(2).realtime(true).duration(SENT).start());
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(20)));
        finalPlaylist = Poll.until("EXT-X-ENDLIST after the publisher ended", Duration.ofSeconds(10),
                this::diagnostics, () -> watcher.latest().filter(MediaPlaylist::endList));
        // One more reload cycle so the watcher has fetched every segment of the final playlist.
        Poll.until("every segment of the final playlist fetched", Duration.ofSeconds(5), this::diagnostics,
                () -> watcher.fetches().stream().anyMatch(f -> f.sequence() == finalPlaylist.lastSequence()));
        watcher.close();
        for (URI playlist : hls().mediaPlaylistUris(AVC)) {
            packets.put(playlist, Ffprobe.packets(playlist.toString()));
        }
    }

    private String diagnostics() {
        return publisher.describe() + "\n" + watcher.describe();
    }

    /** The packets and stream of {@code type} ("video", "audio") from the playlist that carries it. */
    private record Track(JsonNode probe, JsonNode stream, List<Long> pts) {
    }

    private Track track(String type) {
        for (JsonNode probe : packets.values()) {
            JsonNode stream = Ffprobe.streamsByType(probe).get(type);
            if (stream != null) {
                return new Track(probe, stream, Ffprobe.pts(probe, stream.path("index").asInt()));
            }
        }
        throw new AssertionError("no " + type + " stream in any media playlist of " + AVC + ": " + packets.keySet());
    }

    @Test
    void masterPlaylistAdvertisesCodecsResolutionAndBandwidthWhileLive() {
        List<MasterPlaylist> whileLive = watcher.masters().stream()
                .filter(m -> m.status() == 200).map(m -> m.playlist().orElseThrow()).toList();
        assertThat(whileLive).as(this::diagnostics).isNotEmpty();
        // The very first master served, which a player loads once and keeps (hls.js does not reload it).
        MasterPlaylist first = whileLive.getFirst();
        MasterPlaylist.Variant variant = first.videoVariant().orElseThrow(() -> new AssertionError(first.text()));
        assertThat(variant.codecs()).as("the first master playlist served:\n" + first.text())
                .matches("avc1\\.[0-9a-fA-F]{6},mp4a\\.40\\.2");
        assertThat(variant.resolution()).as(first.text()).isEqualTo("640x360");
        // 800 kbit/s video + 96 kbit/s audio were sent: the measured peak must be in that neighbourhood.
        assertThat(variant.bandwidth()).as(first.text()).isBetween(300_000L, 5_000_000L);
        // Every rendition the audio group names is there from the first master on.
        assertThat(whileLive).as("every master served while live lists the same renditions")
                .extracting(MasterPlaylist::mediaPlaylistUris).containsOnly(first.mediaPlaylistUris());
    }

    @Test
    void mediaPlaylistEndsWithEndListAfterThePublisherStops() {
        assertThat(finalPlaylist.endList()).isTrue();
        List<Boolean> ended = watcher.reloads().stream().flatMap(r -> r.playlist().stream())
                .map(MediaPlaylist::endList).toList();
        assertThat(ended).as("live reloads without ENDLIST, then ENDLIST for good\n" + watcher.describe())
                .contains(false).isSorted();
        assertThat(finalPlaylist.segments()).as(finalPlaylist.text()).isNotEmpty();
        assertThat(finalPlaylist.totalDuration()).as(finalPlaylist.text())
                .isCloseTo(SENT.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void ffprobeReadsH264AndAacWithTheDurationThatWasSent() {
        Track video = track("video");
        Track audio = track("audio");
        assertThat(video.stream().path("codec_name").asString()).isEqualTo("h264");
        assertThat(video.stream().path("width").asInt()).isEqualTo(640);
        assertThat(video.stream().path("height").asInt()).isEqualTo(360);
        assertThat(audio.stream().path("codec_name").asString()).isEqualTo("aac");
        assertThat(audio.stream().path("sample_rate").asString()).isEqualTo("48000");

        assertThat(video.pts()).as("video packets").hasSize((int) (SENT.toSeconds() * FPS));
        double span = (max(video.pts()) - min(video.pts())) / 90_000.0 + ONE_FRAME;
        assertThat(span).as("video duration (first PTS to last PTS + one frame)")
                .isCloseTo(SENT.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(ONE_FRAME));
    }

    @Test
    void bFramesPassThroughWithTheirCompositionTime() {
        Track video = track("video");
        int index = video.stream().path("index").asInt();
        long reordered = StreamSupport.stream(video.probe().path("packets").spliterator(), false)
                .filter(p -> p.path("stream_index").asInt() == index)
                .filter(p -> p.path("pts").asLong() != p.path("dts").asLong())
                .count();
        // With -bf 2 most frames are reordered: PTS != DTS is only possible if the composition time survived.
        assertThat(reordered).as("video packets with PTS != DTS").isGreaterThan(SENT.toSeconds() * FPS / 2);
    }

    @Test
    void audioAndVideoStayInSync() {
        List<Long> video = track("video").pts();
        List<Long> audio = track("audio").pts();
        double videoStart = min(video) / 90_000.0;
        double audioStart = min(audio) / 90_000.0;
        double videoEnd = max(video) / 90_000.0;
        double audioEnd = max(audio) / 90_000.0;
        String timing = "video " + videoStart + ".." + videoEnd + " s, audio " + audioStart + ".." + audioEnd + " s";
        // Both were sent from 0 to 6 s: within a couple of frames of each other at both ends (B-frame delay,
        // AAC priming), not drifting apart.
        assertThat(Math.abs(videoStart - audioStart)).as(timing).isLessThan(0.1);
        assertThat(Math.abs(videoEnd - audioEnd)).as(timing).isLessThan(0.1);
    }

    @Test
    void packetDtsIsMonotonicAcrossSegments() {
        int read = 0;
        List<String> violations = new ArrayList<>();
        for (Map.Entry<URI, JsonNode> playlist : packets.entrySet()) {
            Map<Integer, Long> lastDts = new HashMap<>();
            int i = 0;
            for (JsonNode p : playlist.getValue().path("packets")) {
                int stream = p.path("stream_index").asInt();
                long dts = p.path("dts").asLong();
                Long previous = lastDts.put(stream, dts);
                if (previous != null && dts <= previous) {
                    violations.add(playlist.getKey() + " packet " + i + " of stream " + stream + ": dts " + dts
                            + " after " + previous);
                }
                i++;
            }
            read += i;
        }
        assertThat(read).as("packets read").isGreaterThan(300);
        assertThat(violations).isEmpty();
    }

    @Test
    void everySegmentStartsWithAKeyframe() throws IOException {
        List<PlaylistWatcher.SegmentFetch> fetched = watcher.fetches();
        assertThat(fetched).as(watcher::describe).hasSizeGreaterThanOrEqualTo(3);
        for (PlaylistWatcher.SegmentFetch f : fetched) {
            // An fMP4 segment decodes after its init segment (EXT-X-MAP), as a player feeds it.
            Path file = segmentsDir.resolve(f.sequence() + (f.init().isPresent() ? ".mp4" : ".ts"));
            Files.write(file, f.decodable());
            JsonNode frames = Ffprobe.firstVideoFrame(file).path("frames");
            assertThat(frames.size()).as("decoded frames of segment " + f.sequence()).isEqualTo(1);
            JsonNode first = frames.get(0);
            assertThat(first.path("key_frame").asInt()).as("key_frame of segment " + f.sequence() + ": " + first)
                    .isEqualTo(1);
            assertThat(first.path("pict_type").asString()).as("pict_type of segment " + f.sequence()).isEqualTo("I");
        }
    }

    @Test
    void targetDurationIsConstantAcrossReloads() {
        List<Long> targetDurations = watcher.reloads().stream()
                .flatMap(r -> r.playlist().stream()).map(MediaPlaylist::targetDuration).distinct().toList();
        assertThat(targetDurations).as(watcher::describe).hasSize(1);
        // Segments are cut at the first keyframe after 2 s, keyframes come every second: at most 3 s, rounded.
        assertThat(targetDurations.getFirst()).isBetween(2L, 3L);
        assertThat(finalPlaylist.segmentsLongerThanTarget()).as("RFC 8216 4.3.3.1\n" + finalPlaylist.text()).isEmpty();
    }

    @Test
    void everyListedSegmentIsFetchableWhenListed() {
        assertThat(watcher.failures()).as(watcher::describe).isEmpty();
        assertThat(watcher.reloadsSinceFirstPlaylist()).as(watcher::describe)
                .isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(watcher.mastersSinceFirstPlaylist()).as(watcher::describe)
                .allSatisfy(m -> assertThat(m.status()).isEqualTo(200));
        assertThat(watcher.fetches()).as(watcher::describe).isNotEmpty()
                .allSatisfy(f -> assertThat(f.status()).as("GET " + f.uri()).isEqualTo(200))
                .allSatisfy(f -> assertThat(isWholeSegment(f)).as("a whole TS or fMP4 segment: " + f.uri()).isTrue());
        List<Long> sequences = watcher.fetches().stream().map(PlaylistWatcher.SegmentFetch::sequence).toList();
        assertThat(sequences).as("segment sequence numbers").isSorted().doesNotHaveDuplicates();
        assertThat(sequences.getLast() - sequences.getFirst() + 1).as("no gaps").isEqualTo(sequences.size());
    }

    /** MPEG-TS: whole 188-byte packets from a sync byte; fMP4: a segment with a movie fragment. */
    private static boolean isWholeSegment(PlaylistWatcher.SegmentFetch f) {
        byte[] b = f.body();
        if (f.init().isEmpty()) {
            return b.length > 0 && b.length % 188 == 0 && b[0] == 0x47;
        }
        String head = new String(b, 0, Math.min(b.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("moof") && f.init().get().length > 0
                && new String(f.init().get(), StandardCharsets.ISO_8859_1).contains("moov");
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
