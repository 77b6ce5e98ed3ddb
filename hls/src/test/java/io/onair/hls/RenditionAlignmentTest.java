package io.onair.hls;

import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several renditions of one channel, driven frame by frame on a fake clock: the source (30 fps, B-frames: pts =
 * dts + 2 frames, keyframe every second) decides the boundaries, transcoded renditions (other B-frame structure,
 * keyframes at the same PTS) join late, restart and end; fMP4-like separate tracks with a readable fake format.
 */
class RenditionAlignmentTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final VideoConfig P360 = Frames.video(640, 360);
    private static final long FRAME = 3000;

    private final FakeClock clock = new FakeClock(T0);
    private final HlsSettings settings = new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(15));
    private final HlsChannel channel = new HlsChannel("ch", settings, clock, FakeFormat.separate());
    private final HlsSegmenter source = channel.segmenterForTest();
    private long audioN;

    /** Source frames [fromFrame, toFrame): video with 2-frame composition delay, AAC 48 kHz up to the video time. */
    private void sourceFrames(long fromFrame, long toFrame) {
        for (long f = fromFrame; f < toFrame; f++) {
            long dts = f * FRAME;
            source.frame(new VideoFrame(Frames.VIDEO, dts, dts + 2 * FRAME, f % 30 == 0, new byte[2000]),
                    T0.plusNanos(dts * 100_000 / 9));
            while (audioN * 1920 <= dts) {
                source.frame(new AudioFrame(Frames.AUDIO, audioN * 1920, new byte[300]), T0);
                audioN++;
            }
        }
    }

    /** Transcoded frames [fromFrame, toFrame) of {@code rendition}: composition delay 1 frame, same keyframe PTS. */
    private void transcoded(String rendition, long fromFrame, long toFrame, boolean keyframes) {
        for (long f = fromFrame; f < toFrame; f++) {
            long pts = (f + 2) * FRAME; // same presentation instants as the source
            boolean key = keyframes && f % 30 == 0;
            channel.renditionFrame(rendition, new VideoFrame(P360, pts - FRAME, pts, key, new byte[500]));
        }
    }

    private List<HlsSegment> listed(String rendition) {
        return channel.renditionForTest(rendition).orElseThrow().window().listed();
    }

    private String golden(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Compares with {@code golden/name}; writes the actual text to {@code target/golden-actual/} to review a change. */
    private void assertGolden(String name, String actual) throws IOException {
        java.nio.file.Path out = java.nio.file.Path.of("target", "golden-actual", name);
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, actual);
        assertThat(actual).as(name).isEqualTo(golden(name));
    }

    @Test
    void everyRenditionHasTheSourcesBoundariesSequenceNumbersAndDurations() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 45);
        transcoded("360p", 15, 45, true); // ffmpeg started late: its first keyframe at frame 30 is the first reachable
        sourceFrames(45, 185);
        transcoded("360p", 45, 185, true);
        channel.endPublicationForTest();
        channel.renditionEnded("360p", "stream ended");

        List<HlsSegment> src = listed(HlsChannel.SOURCE);
        List<HlsSegment> p360 = listed("360p");
        assertThat(src).extracting(HlsSegment::durationTicks).startsWith(ms(2000), ms(2000), ms(2000));
        // 360p starts at the boundary of frame 60 (frame 30 is a keyframe, but no boundary): one segment later
        assertThat(p360.getFirst().sequence()).isEqualTo(src.get(1).sequence());
        for (HlsSegment s : p360) {
            HlsSegment same = src.stream().filter(x -> x.sequence() == s.sequence()).findFirst().orElseThrow();
            assertThat(s.start()).as("start of %d", s.sequence()).isEqualTo(same.start());
            assertThat(Math.abs(s.durationTicks() - same.durationTicks())).as("duration of %d", s.sequence())
                    .isLessThanOrEqualTo(FRAME);
        }
        assertThat(p360.subList(0, p360.size() - 1)).extracting(HlsSegment::durationTicks).containsOnly(ms(2000));
        assertThat(FakeFormat.text(p360.getFirst().data())).startsWith("[tables 640x360+-] V183000K");
    }

    /**
     * Regression (found by bench/run transcode-latency): ffmpeg runs behind the source, so a transcoded rendition's
     * last frames arrive after the source's ENDLIST. Ending every window with the source dropped that last segment
     * ("part … after 0 parts"); the rendition now ends when the transcoder says so, with its last segment listed.
     */
    @Test
    void aTranscodedRenditionsLastSegmentArrivingAfterTheSourceEndedIsListedBeforeItsEndlist() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 185);
        transcoded("360p", 0, 150, true);
        channel.endPublicationForTest();
        channel.endPlaylistForTest(); // the clean unpublish: the source's playlist ends
        transcoded("360p", 150, 185, true); // ffmpeg drains
        channel.renditionEnded("360p", "publication ended");

        List<HlsSegment> src = listed(HlsChannel.SOURCE);
        List<HlsSegment> p360 = listed("360p");
        assertThat(p360.getLast().sequence()).isEqualTo(src.getLast().sequence());
        // one playlist to the end: the late segment joins the others (it used to restart the playlist without them)
        assertThat(p360).extracting(HlsSegment::sequence).containsExactlyElementsOf(
                src.stream().map(HlsSegment::sequence).filter(n -> n >= p360.getFirst().sequence()).toList());
        assertThat(p360.size()).isGreaterThan(2);
        assertThat(channel.mediaPlaylist("360p").orElseThrow()).endsWith("#EXT-X-ENDLIST\n");
    }

    /**
     * Regression: the master playlist was served as soon as the source's first video segment was listed, before the
     * audio rendition's first segment (audio closes a frame or two after the video boundary). hls.js loads the master
     * once, so that viewer never got the audio group: a whole session without sound.
     */
    @Test
    void theFirstMasterPlaylistWaitsForTheAudioRenditionsFirstSegment() {
        channel.startPublicationForTest();
        boolean sawMaster = false;
        for (long f = 0; f < 185; f++) {
            sourceFrames(f, f + 1);
            channel.publishForTest(); // what the packager thread does after every frame
            java.util.Optional<String> master = channel.masterPlaylist();
            if (master.isPresent()) {
                sawMaster = true;
                assertThat(master.get()).as("master after frame %d", f).contains("TYPE=AUDIO").contains("mp4a.");
            }
        }
        assertThat(sawMaster).isTrue();
    }

    @Test
    void audioIsCutAtTheFrameNearestEachVideoBoundaryWithTheSameNumbers() {
        channel.startPublicationForTest();
        sourceFrames(0, 185);
        channel.endPublicationForTest();
        List<HlsSegment> video = listed(HlsChannel.SOURCE);
        List<HlsSegment> audio = listed(HlsChannel.AUDIO);
        assertThat(audio).extracting(HlsSegment::sequence)
                .containsExactlyElementsOf(video.stream().map(HlsSegment::sequence).toList());
        for (int i = 0; i < video.size(); i++) {
            assertThat(Math.abs(audio.get(i).start() - video.get(i).start())).as("audio start of segment %d", i)
                    .isLessThanOrEqualTo(1920 / 2);
        }
        // first video boundary: keyframe dts 0, pts 6000; the audio frame nearest 6000 is 5760 (n = 3)
        assertThat(audio.getFirst().start()).isEqualTo(5760);
        assertThat(FakeFormat.text(audio.getFirst().data())).startsWith("[tables -+aac48000] A5760 A7680");
        assertThat(FakeFormat.text(video.getFirst().data())).startsWith("[tables 1280x720+-] V0K V3000");
    }

    @Test
    void aRestartedRenditionContinuesAfterAGapWithADiscontinuityAndANewInitWhenItsConfigChanged() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 95);
        transcoded("360p", 0, 95, true);
        channel.renditionStarted("360p"); // ffmpeg crashed and was restarted: frames 95..150 never come
        sourceFrames(95, 245);
        VideoConfig other = Frames.video(640, 368);
        for (long f = 150; f < 245; f++) {
            long pts = (f + 2) * FRAME;
            channel.renditionFrame("360p", new VideoFrame(other, pts - FRAME, pts, f % 30 == 0, new byte[500]));
        }
        channel.endPublicationForTest();
        channel.publishForTest();
        String playlist = channel.mediaPlaylist("360p").orElseThrow();
        List<HlsSegment> src = listed(HlsChannel.SOURCE);
        long first = src.getFirst().sequence();
        assertThat(playlist).contains("#EXT-X-MAP:URI=\"init-" + first + ".mp4\"")
                .contains("#EXT-X-GAP\n#EXTINF:2.000,\n" + (first + 2) + ".m4s\n")
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-" + (first + 3) + ".mp4\"\n");
        assertThat(channel.initSegment("360p", first + 3)).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("[init 640x368+-]"));
        assertThat(channel.segment("360p", first + 2)).isEmpty();
        assertThat(ParsedPlaylist.parse(playlist).entries()).hasSize(src.size() - 1); // its last is in progress
    }

    @Test
    void aRenditionEndingWhileTheStreamGoesOnLeavesTheMasterPlaylistAndTheMpdAndItsPlaylistEnds() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 125);
        transcoded("360p", 0, 125, true);
        channel.publishForTest();
        assertThat(channel.masterPlaylist().orElseThrow()).contains("360p/index.m3u8");
        assertThat(channel.dashManifest().orElseThrow()).contains("<Representation id=\"360p\"");
        channel.renditionEnded("360p", "ffmpeg gave up");
        assertThat(channel.masterPlaylist().orElseThrow()).doesNotContain("360p");
        assertThat(channel.dashManifest().orElseThrow()).doesNotContain("360p");
        assertThat(channel.mediaPlaylist("360p").orElseThrow()).endsWith("#EXT-X-ENDLIST\n");
        assertThat(channel.mediaPlaylist(HlsChannel.SOURCE).orElseThrow()).doesNotContain("ENDLIST");
    }

    @Test
    void renditionsEndingWithTheStreamStayInTheMasterPlaylistAndTheMpd() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 125);
        transcoded("360p", 0, 125, true);
        channel.renditionEnded("360p", "input ended"); // the transcoder may finish before the packager
        channel.endPublicationForTest();
        assertThat(channel.masterPlaylist().orElseThrow()).contains("360p/index.m3u8");
        assertThat(channel.dashManifest().orElseThrow()).contains("<Representation id=\"360p\"");
    }

    @Test
    void aRenditionMissingABoundaryKeyframeResynchronisesAtTheNextWithAGap() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 185);
        for (long f = 0; f < 185; f++) {
            long pts = (f + 2) * FRAME;
            boolean key = f % 30 == 0 && f != 60; // the keyframe of the boundary at frame 60 is missing
            channel.renditionFrame("360p", new VideoFrame(P360, pts - FRAME, pts, key, new byte[500]));
        }
        channel.endPublicationForTest();
        channel.renditionEnded("360p", "input ended");
        List<HlsSegment> p360 = listed("360p");
        List<HlsSegment> src = listed(HlsChannel.SOURCE);
        assertThat(p360).extracting(HlsSegment::sequence)
                .containsExactlyElementsOf(src.stream().map(HlsSegment::sequence).toList());
        assertThat(p360).extracting(HlsSegment::gap).containsExactly(false, true, false, false);
    }

    @Test
    void goldenFmp4PlaylistsAndMpd() throws IOException {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 125);
        transcoded("360p", 0, 125, true);
        channel.publishForTest();
        clock.advance(Duration.ofSeconds(4));
        assertGolden("fmp4-master.m3u8", channel.masterPlaylist().orElseThrow());
        assertGolden("fmp4-360p.m3u8", channel.mediaPlaylist("360p").orElseThrow());
        assertGolden("fmp4-audio.m3u8", channel.mediaPlaylist(HlsChannel.AUDIO).orElseThrow());
        assertGolden("dynamic.mpd", channel.dashManifest().orElseThrow());
        channel.endPublicationForTest();
        for (String r : List.of(HlsChannel.SOURCE, HlsChannel.AUDIO, "360p")) {
            channel.renditionForTest(r).orElseThrow().window().end(); // what the end of the publication does
        }
        channel.publishForTest();
        assertGolden("static.mpd", channel.dashManifest().orElseThrow());
    }

    @Test
    void memoryStaysBoundedOverALongStreamWithARendition() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        for (long f = 0; f < 30 * 600; f += 30) { // ten minutes
            sourceFrames(f, f + 30);
            transcoded("360p", f, f + 30, true);
            clock.advance(Duration.ofSeconds(1));
            channel.sweep(clock.instant());
        }
        channel.publishForTest();
        for (String r : List.of(HlsChannel.SOURCE, HlsChannel.AUDIO, "360p")) {
            LiveWindow w = channel.renditionForTest(r).orElseThrow().window();
            assertThat(w.listed()).as(r).hasSizeLessThanOrEqualTo(6);
            assertThat(w.fetchable()).as(r).hasSizeLessThanOrEqualTo(6 + 8);
            assertThat(w.inits()).as(r).hasSize(1);
        }
    }
}
