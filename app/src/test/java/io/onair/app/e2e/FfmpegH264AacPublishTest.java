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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
    private String mediaPlaylistUrl;
    private JsonNode packets;

    @BeforeAll
    void publishAndWatch() {
        watcher = closeAfterAll(PlaylistWatcher.start(hls(), AVC));
        publisher = closeAfterAll(Ffmpeg.publisher(rtmpUrl(keyOf(AVC)))
                .size("640x360").fps(FPS).gop(FPS).bFrames(2).realtime(true).duration(SENT).start());
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(20)));
        finalPlaylist = Poll.until("EXT-X-ENDLIST after the publisher ended", Duration.ofSeconds(10),
                this::diagnostics, () -> watcher.latest().filter(MediaPlaylist::endList));
        // One more reload cycle so the watcher has fetched every segment of the final playlist.
        Poll.until("every segment of the final playlist fetched", Duration.ofSeconds(5), this::diagnostics,
                () -> watcher.fetches().stream().anyMatch(f -> f.sequence() == finalPlaylist.lastSequence()));
        watcher.close();
        mediaPlaylistUrl = watcher.mediaUri().orElseThrow().toString();
    }

    /** ffprobe's packets of the ended playlist, read once for the tests that need them. */
    private synchronized JsonNode packets() {
        if (packets == null) {
            packets = Ffprobe.packets(mediaPlaylistUrl);
        }
        return packets;
    }

    private String diagnostics() {
        return publisher.describe() + "\n" + watcher.describe();
    }

    @Test
    void masterPlaylistAdvertisesCodecsResolutionAndBandwidthWhileLive() {
        List<MasterPlaylist> whileLive = watcher.masters().stream()
                .filter(m -> m.status() == 200).map(m -> m.playlist().orElseThrow()).toList();
        assertThat(whileLive).as(this::diagnostics).isNotEmpty();
        MasterPlaylist first = whileLive.getFirst();
        assertThat(first.variants()).as(first.text()).hasSize(1);
        MasterPlaylist.Variant variant = first.variants().getFirst();
        assertThat(variant.codecs()).as(first.text()).matches("avc1\\.[0-9a-fA-F]{6},mp4a\\.40\\.2");
        assertThat(variant.resolution()).as(first.text()).isEqualTo("640x360");
        // 800 kbit/s video + 96 kbit/s audio were sent: the measured peak must be in that neighbourhood.
        assertThat(variant.bandwidth()).as(first.text()).isBetween(300_000L, 5_000_000L);
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
        JsonNode probe = packets();
        Map<String, JsonNode> streams = Ffprobe.streamsByType(probe);
        assertThat(streams.keySet()).as(probe.toString()).containsExactlyInAnyOrder("video", "audio");
        assertThat(streams.get("video").path("codec_name").asString()).isEqualTo("h264");
        assertThat(streams.get("video").path("width").asInt()).isEqualTo(640);
        assertThat(streams.get("video").path("height").asInt()).isEqualTo(360);
        assertThat(streams.get("audio").path("codec_name").asString()).isEqualTo("aac");
        assertThat(streams.get("audio").path("sample_rate").asString()).isEqualTo("48000");

        List<Long> videoPts = Ffprobe.pts(probe, streams.get("video").path("index").asInt());
        assertThat(videoPts).as("video packets").hasSize((int) (SENT.toSeconds() * FPS));
        double span = (videoPts.stream().mapToLong(Long::longValue).max().orElseThrow()
                - videoPts.stream().mapToLong(Long::longValue).min().orElseThrow()) / 90_000.0 + ONE_FRAME;
        assertThat(span).as("video duration (first PTS to last PTS + one frame)")
                .isCloseTo(SENT.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(ONE_FRAME));
    }

    @Test
    void bFramesPassThroughWithTheirCompositionTime() {
        JsonNode probe = packets();
        int video = Ffprobe.streamsByType(probe).get("video").path("index").asInt();
        long reordered = StreamSupport.stream(probe.path("packets").spliterator(), false)
                .filter(p -> p.path("stream_index").asInt() == video)
                .filter(p -> p.path("pts").asLong() != p.path("dts").asLong())
                .count();
        // With -bf 2 most frames are reordered: PTS != DTS is only possible if the composition time survived.
        assertThat(reordered).as("video packets with PTS != DTS").isGreaterThan(SENT.toSeconds() * FPS / 2);
    }

    @Test
    void audioAndVideoStayInSync() {
        JsonNode probe = packets();
        Map<String, JsonNode> streams = Ffprobe.streamsByType(probe);
        List<Long> video = Ffprobe.pts(probe, streams.get("video").path("index").asInt());
        List<Long> audio = Ffprobe.pts(probe, streams.get("audio").path("index").asInt());
        double videoStart = video.stream().mapToLong(Long::longValue).min().orElseThrow() / 90_000.0;
        double audioStart = audio.stream().mapToLong(Long::longValue).min().orElseThrow() / 90_000.0;
        double videoEnd = video.stream().mapToLong(Long::longValue).max().orElseThrow() / 90_000.0;
        double audioEnd = audio.stream().mapToLong(Long::longValue).max().orElseThrow() / 90_000.0;
        String timing = "video " + videoStart + ".." + videoEnd + " s, audio " + audioStart + ".." + audioEnd + " s";
        // Both were sent from 0 to 6 s: within a couple of frames of each other at both ends (B-frame delay,
        // AAC priming), not drifting apart.
        assertThat(Math.abs(videoStart - audioStart)).as(timing).isLessThan(0.1);
        assertThat(Math.abs(videoEnd - audioEnd)).as(timing).isLessThan(0.1);
    }

    @Test
    void packetDtsIsMonotonicAcrossSegments() {
        JsonNode probe = packets();
        Map<Integer, Long> lastDts = new HashMap<>();
        List<String> violations = new ArrayList<>();
        int i = 0;
        for (JsonNode p : probe.path("packets")) {
            int stream = p.path("stream_index").asInt();
            long dts = p.path("dts").asLong();
            Long previous = lastDts.put(stream, dts);
            if (previous != null && dts <= previous) {
                violations.add("packet " + i + " of stream " + stream + ": dts " + dts + " after " + previous);
            }
            i++;
        }
        assertThat(i).as("packets read").isGreaterThan(300);
        assertThat(violations).isEmpty();
    }

    @Test
    void everySegmentStartsWithAKeyframe() throws IOException {
        List<PlaylistWatcher.SegmentFetch> fetched = watcher.fetches();
        assertThat(fetched).as(watcher::describe).hasSizeGreaterThanOrEqualTo(3);
        for (PlaylistWatcher.SegmentFetch f : fetched) {
            Path file = segmentsDir.resolve(f.sequence() + ".ts");
            Files.write(file, f.body());
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
        for (MediaPlaylist.Segment s : finalPlaylist.segments()) {
            assertThat(Math.round(s.duration())).as("EXTINF of " + s.uri()).isLessThanOrEqualTo(targetDurations.getFirst());
        }
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
                .allSatisfy(f -> assertThat(f.body().length).as("bytes of " + f.uri()).isPositive()
                        .matches(n -> n % 188 == 0, "a whole number of 188-byte TS packets"));
        List<Long> sequences = watcher.fetches().stream().map(PlaylistWatcher.SegmentFetch::sequence).toList();
        assertThat(sequences).as("segment sequence numbers").isSorted().doesNotHaveDuplicates();
        assertThat(sequences.getLast() - sequences.getFirst() + 1).as("no gaps").isEqualTo(sequences.size());
    }
}
