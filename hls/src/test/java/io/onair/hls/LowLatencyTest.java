package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * LL-HLS on a fake clock (RFC 8216bis): parts cut from the frames as they come, playlists with their LL tags, and
 * blocking requests answered, held and timed out. The source is 30 fps (or 29.97) with a keyframe every second and
 * 48 kHz AAC; segments of 2 s, parts of 0.5 s; the readable {@link FakeFormat} shows what each part holds.
 */
class LowLatencyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration PART = Duration.ofMillis(500);

    private final FakeClock clock = new FakeClock(T0);
    private HlsChannel channel = channel(6);
    private long audioN;
    private long frameTicks = 3000;
    /** The ingest announces each keyframe when its first bytes are in, before the frame (as RTMP ingest does). */
    private boolean keyframeHints;

    private HlsChannel channel(int playlistSegments) {
        return new HlsChannel("ch", new HlsSettings(Duration.ofSeconds(2), playlistSegments, Duration.ofSeconds(15))
                .withPartTarget(PART), clock, FakeFormat.separate());
    }

    /** Source frames [from, to) with the clock following the media time; audio up to each video frame's time. */
    private void frames(long from, long to) {
        for (long f = from; f < to; f++) {
            long dts = f * frameTicks;
            clock.advance(Duration.ofNanos(frameTicks * 100_000 / 9));
            if (keyframeHints && f % 30 == 0) {
                keyframeStarts(f);
            }
            channel.segmenterForTest().frame(new VideoFrame(Frames.VIDEO, dts, dts + 2 * frameTicks,
                    f % 30 == 0, new byte[1000]), clock.instant());
            while (audioN * 1920 <= dts) {
                channel.segmenterForTest().frame(new AudioFrame(Frames.AUDIO, audioN * 1920, new byte[200]),
                        clock.instant());
                audioN++;
            }
            channel.publishForTest(); // the packager publishes after every frame that changed something
        }
    }

    /** Frame {@code f}, a keyframe, has begun to arrive: the packager hears of it ahead of the frame. */
    private void keyframeStarts(long f) {
        long dts = f * frameTicks;
        channel.segmenterForTest().keyframeStart(dts, dts + 2 * frameTicks, clock.instant());
        channel.publishForTest();
    }

    private Rendition rendition(String name) {
        return channel.renditionForTest(name).orElseThrow();
    }

    private String playlist(String rendition) {
        return channel.mediaPlaylist(rendition).orElseThrow();
    }

    private static List<String> lines(String playlist, String prefix) {
        return Arrays.stream(playlist.split("\n")).filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void videoPartsCloseAtTheLastFrameBoundaryWithinThePartTargetAndStartIndependentAtKeyframes() {
        channel.startPublicationForTest();
        frames(0, 125);
        List<HlsSegment> segments = rendition(HlsChannel.SOURCE).window().listed();
        assertThat(segments).hasSize(2);
        List<List<HlsPart>> parts = rendition(HlsChannel.SOURCE).window().listedParts();
        // 2 s at 30 fps: four parts of 15 frames, exactly the 0.5 s target (45,000 ticks)
        assertThat(parts.getFirst()).extracting(HlsPart::durationTicks).containsExactly(45_000L, 45_000L, 45_000L,
                45_000L);
        // a keyframe every second: parts 0 and 2 start with one
        assertThat(parts.getFirst()).extracting(HlsPart::independent).containsExactly(true, false, true, false);
        assertThat(FakeFormat.text(parts.getFirst().get(0).data()).trim()).startsWith("V0K V3000");
        assertThat(FakeFormat.text(parts.getFirst().get(1).data()).trim()).startsWith("V45000 ");
        assertThat(FakeFormat.text(parts.getFirst().get(2).data()).trim()).startsWith("V90000K ");
        // the segment is styp/tables then exactly its parts
        StringBuilder joined = new StringBuilder("[tables 1280x720+-]");
        parts.getFirst().forEach(p -> joined.append(FakeFormat.text(p.data())));
        assertThat(FakeFormat.text(segments.getFirst().data())).isEqualTo(joined.toString());
    }

    @Test
    void partsNeverExceedThePartTargetAt2997FpsAndAudioPartsAreAllIndependent() {
        frameTicks = 3003;
        channel.startPublicationForTest();
        frames(0, 125);
        for (List<HlsPart> segment : rendition(HlsChannel.SOURCE).window().listedParts()) {
            assertThat(segment).allSatisfy(p -> assertThat(p.durationTicks()).isLessThanOrEqualTo(45_000));
            // 14 frames (0.467 s): above the 85 % floor of §4.4.4.9, except the final part of a segment
            assertThat(segment.subList(0, segment.size() - 1)).allSatisfy(
                    p -> assertThat(p.durationTicks()).isEqualTo(14 * 3003L));
        }
        List<List<HlsPart>> audio = rendition(HlsChannel.AUDIO).window().listedParts();
        assertThat(audio).isNotEmpty();
        for (List<HlsPart> segment : audio) {
            assertThat(segment).allSatisfy(p -> {
                assertThat(p.durationTicks()).isLessThanOrEqualTo(45_000);
                assertThat(p.independent()).isTrue();
            });
            // 23 AAC frames of 1920 ticks (0.491 s), the last part of a segment shorter
            assertThat(segment.subList(0, segment.size() - 1)).allSatisfy(
                    p -> assertThat(p.durationTicks()).isEqualTo(23 * 1920L));
        }
    }

    @Test
    void partsArePublishedAsTheSegmentGrowsWithAPreloadHintForTheNext() {
        channel.startPublicationForTest();
        frames(0, 65); // segment 0 complete at frame 60; frames 60..64 pending in segment 1's first part
        long first = rendition(HlsChannel.SOURCE).window().listed().getFirst().sequence();
        String p = playlist(HlsChannel.SOURCE);
        assertThat(lines(p, "#EXT-X-PRELOAD-HINT")).containsExactly(
                "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + (first + 1) + ".0.m4s\"");
        frames(65, 76); // frame 75 closes part 0 of segment 1
        p = playlist(HlsChannel.SOURCE);
        assertThat(lines(p, "#EXT-X-PART:")).last().isEqualTo(
                "#EXT-X-PART:DURATION=0.5,URI=\"" + (first + 1) + ".0.m4s\",INDEPENDENT=YES");
        assertThat(lines(p, "#EXT-X-PRELOAD-HINT")).containsExactly(
                "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + (first + 1) + ".1.m4s\"");
        // the other renditions' edges: the audio's last part (its first part of segment 1 is not complete yet:
        // 23 AAC frames, 0.49 s, from the audio frame nearest the boundary)
        assertThat(lines(p, "#EXT-X-RENDITION-REPORT")).containsExactly(
                "#EXT-X-RENDITION-REPORT:URI=\"../audio/index.m3u8\",LAST-MSN=" + first + ",LAST-PART=4");
        assertThat(lines(playlist(HlsChannel.AUDIO), "#EXT-X-RENDITION-REPORT")).containsExactly(
                "#EXT-X-RENDITION-REPORT:URI=\"../source/index.m3u8\",LAST-MSN=" + (first + 1) + ",LAST-PART=0");
    }

    @Test
    void aSegmentIsListedWhenTheKeyframeAfterItStartsToArrive() {
        channel.startPublicationForTest();
        frames(0, 60); // segment 0's frames; its closing keyframe, frame 60, is still on its way
        assertThat(rendition(HlsChannel.SOURCE).window().listed()).isEmpty();
        keyframeStarts(60);
        List<HlsSegment> listed = rendition(HlsChannel.SOURCE).window().listed();
        assertThat(listed).singleElement().satisfies(s -> assertThat(s.durationTicks()).isEqualTo(180_000));
        assertThat(rendition(HlsChannel.SOURCE).window().listedParts().getFirst()).hasSize(4);
        assertThat(lines(playlist(HlsChannel.SOURCE), "#EXT-X-PRELOAD-HINT")).containsExactly(
                "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + (listed.getFirst().sequence() + 1) + ".0.m4s\"");
        frames(60, 61); // the keyframe itself starts segment 1, no second cut
        assertThat(rendition(HlsChannel.SOURCE).window().listed()).hasSize(1);
        frames(61, 125);
        assertThat(rendition(HlsChannel.SOURCE).window().listed()).extracting(HlsSegment::durationTicks)
                .containsExactly(180_000L, 180_000L);
    }

    @Test
    void keyframeHintsChangeWhenSegmentsAreListedNotWhatTheyHold() {
        keyframeHints = true;
        channel.startPublicationForTest();
        frames(0, 245);
        List<HlsSegment> hinted = rendition(HlsChannel.SOURCE).window().listed();
        List<List<HlsPart>> hintedParts = rendition(HlsChannel.SOURCE).window().listedParts();
        List<HlsSegment> hintedAudio = rendition(HlsChannel.AUDIO).window().listed();
        keyframeHints = false;
        audioN = 0;
        channel = channel(6);
        channel.startPublicationForTest();
        frames(0, 245);
        List<HlsSegment> plain = rendition(HlsChannel.SOURCE).window().listed();
        assertThat(hinted).hasSize(4).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(hinted.get(i).data()).isEqualTo(plain.get(i).data());
            assertThat(hinted.get(i).durationTicks()).isEqualTo(plain.get(i).durationTicks());
            assertThat(hintedParts.get(i)).extracting(HlsPart::data).containsExactlyElementsOf(
                    rendition(HlsChannel.SOURCE).window().listedParts().get(i).stream().map(HlsPart::data).toList());
        }
        assertThat(hintedAudio).extracting(HlsSegment::data).containsExactlyElementsOf(
                rendition(HlsChannel.AUDIO).window().listed().stream().map(HlsSegment::data).toList());
    }

    @Test
    void aKeyframeThatStartsButNeverComesEndsTheTimelineThere() {
        channel.startPublicationForTest();
        frames(0, 60);
        keyframeStarts(60); // segment 0 is listed; then the publisher aborts that keyframe
        frames(61, 245); // the encoder goes on: inter frames, then a keyframe every second from frame 90
        List<HlsSegment> listed = rendition(HlsChannel.SOURCE).window().listed();
        assertThat(listed.getFirst().durationTicks()).isEqualTo(180_000);
        // the segment cut for the keyframe that never came has no video: a gap, and the media resumes at the
        // next keyframe after a discontinuity
        assertThat(listed.get(1).gap()).isTrue();
        assertThat(listed.get(2).discontinuity()).isTrue();
        assertThat(listed.subList(2, listed.size())).hasSize(2).allSatisfy(s -> assertThat(FakeFormat.text(s.data()))
                .matches("\\[tables [^\\]]*\\] V\\d+K .*"));
        assertThat(listed).extracting(HlsSegment::sequence).isSorted().doesNotHaveDuplicates();
        String p = playlist(HlsChannel.SOURCE);
        assertThat(lines(p, "#EXT-X-GAP")).hasSize(1);
        assertThat(p.split("\n")).containsOnlyOnce("#EXT-X-DISCONTINUITY");
    }

    @Test
    void theDashManifestIsRebuiltWhenASegmentIsListedNotOnEveryPart() {
        channel.startPublicationForTest();
        frames(0, 65); // segment 0 listed; parts of segment 1 published since
        String atSegment = withoutClock(channel.dashManifest().orElseThrow());
        assertThat(atSegment).contains("publishTime=");
        frames(65, 89); // two more parts of segment 1 in every rendition, no new segment
        assertThat(withoutClock(channel.dashManifest().orElseThrow())).as("parts do not change an MPD: the same"
                + " one, same publishTime").isEqualTo(atSegment);
        frames(89, 125); // segment 1 complete at frame 120
        String next = withoutClock(channel.dashManifest().orElseThrow());
        assertThat(next).isNotEqualTo(atSegment);
        assertThat(atSegment).contains("<S t=\"6000\" d=\"180000\"/>");
        assertThat(next).as("segment 1 in the video timeline: the first one repeated once")
                .contains("<S t=\"6000\" d=\"180000\" r=\"1\"/>");
    }

    /** The MPD without its UTCTiming element, which carries the server's clock at the time of the request. */
    private static String withoutClock(String mpd) {
        return mpd.replaceAll("<UTCTiming [^>]*/>", "");
    }

    @Test
    void llPlaylistsRenderToTheGoldenFiles() throws IOException {
        channel.startPublicationForTest();
        frames(0, 231); // three segments, and part 1 of the fourth, with its parts
        assertGolden("ll-source.m3u8", playlist(HlsChannel.SOURCE));
        assertGolden("ll-audio.m3u8", playlist(HlsChannel.AUDIO));
        PlaylistRequest skip = new PlaylistRequest(OptionalLong.empty(), OptionalInt.empty(), true);
        // nothing is 12 s from the end yet: the delta update is the whole playlist
        assertThat(((PlaylistAnswer.Ready) await(() -> channel.mediaPlaylist(HlsChannel.SOURCE, skip))).playlist())
                .isEqualTo(playlist(HlsChannel.SOURCE));
    }

    @Test
    void partTargetAndHoldBackStayFixedAcrossADiscontinuityAndAReconnect() {
        channel.startPublicationForTest();
        frames(0, 125);
        String before = playlist(HlsChannel.SOURCE);
        List<String> fixed = lines(before, "#EXT-X-SERVER-CONTROL");
        assertThat(fixed).containsExactly(
                "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5");
        assertThat(lines(before, "#EXT-X-PART-INF")).containsExactly("#EXT-X-PART-INF:PART-TARGET=0.5");
        channel.segmenterForTest().discontinuity();
        frameTicks = 3003; // the encoder came back at 29.97 fps
        frames(1000, 1125);
        channel.endPublicationForTest();
        channel.startPublicationForTest(); // a reconnect continues the playlist
        frames(3000, 3125);
        String after = playlist(HlsChannel.SOURCE);
        assertThat(after).contains("#EXT-X-DISCONTINUITY\n");
        assertThat(lines(after, "#EXT-X-SERVER-CONTROL")).isEqualTo(fixed);
        assertThat(lines(after, "#EXT-X-PART-INF")).containsExactly("#EXT-X-PART-INF:PART-TARGET=0.5");
        assertThat(lines(after, "#EXT-X-TARGETDURATION")).containsExactly("#EXT-X-TARGETDURATION:2");
    }

    @Test
    void deltaUpdatesSkipOnlySegmentsBeyondTheSkipBoundary() {
        channel = channel(12);
        channel.startPublicationForTest();
        frames(0, 30 * 2 * 10 + 5); // ten 2 s segments
        PlaylistRequest skip = new PlaylistRequest(OptionalLong.empty(), OptionalInt.empty(), true);
        String delta = ((PlaylistAnswer.Ready) await(() -> channel.mediaPlaylist(HlsChannel.SOURCE, skip)))
                .playlist();
        // 20 s listed; the Skip Boundary is 12 s (6 x 2 s) from the end of the last segment: the first three
        // segments end 14, 16 and 18 s before it and go; the fourth ends exactly 12 s before it and stays.
        assertThat(lines(delta, "#EXT-X-SKIP")).containsExactly("#EXT-X-SKIP:SKIPPED-SEGMENTS=4".replace("4", "3"));
        assertThat(lines(delta, "#EXT-X-VERSION")).containsExactly("#EXT-X-VERSION:9");
        assertThat(lines(delta, "#EXTINF")).hasSize(7);
        assertThat(lines(delta, "#EXT-X-MAP")).hasSize(1); // named again after the skip
        String full = playlist(HlsChannel.SOURCE);
        assertThat(lines(full, "#EXT-X-VERSION")).containsExactly("#EXT-X-VERSION:6");
        assertThat(full).doesNotContain("#EXT-X-SKIP");
        assertThat(lines(full, "#EXTINF")).hasSize(10);
        // parts only for the segments within three target durations of the end
        assertThat(lines(full, "#EXT-X-PART:")).hasSizeLessThanOrEqualTo(4 * 3 + 1);
    }

    @Test
    void blockingReloadIsAnsweredTheMomentThePartExists() throws Exception {
        channel.startPublicationForTest();
        frames(0, 65);
        long next = rendition(HlsChannel.SOURCE).window().listed().getLast().sequence() + 1;
        Future<PlaylistAnswer> held = async(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(next), OptionalInt.of(0), false)));
        assertThatStillHeld(held);
        frames(65, 75); // frame 74: part 0 still open
        assertThatStillHeld(held);
        frames(75, 76); // frame 75 closes part 0
        PlaylistAnswer answer = held.get(5, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(PlaylistAnswer.Ready.class);
        assertThat(((PlaylistAnswer.Ready) answer).playlist()).contains(next + ".0.m4s\",INDEPENDENT=YES");
        // a whole segment: _HLS_msn alone waits for the segment to complete
        Future<PlaylistAnswer> segment = async(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(next), OptionalInt.empty(), false)));
        assertThatStillHeld(segment);
        frames(76, 121);
        assertThat(segment.get(5, TimeUnit.SECONDS)).isInstanceOf(PlaylistAnswer.Ready.class);
        // a part index past the segment's last part means part 0 of the next (§6.2.5.2)
        Future<PlaylistAnswer> rolled = async(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(next), OptionalInt.of(4), false)));
        assertThatStillHeld(rolled);
        frames(121, 136);
        assertThat(rolled.get(5, TimeUnit.SECONDS)).isInstanceOf(PlaylistAnswer.Ready.class);
    }

    @Test
    void blockingReloadTimesOutAfterThreeTargetDurationsWith503AndRefusesRequestsTooFarAhead() throws Exception {
        channel.startPublicationForTest();
        frames(0, 65);
        long last = rendition(HlsChannel.SOURCE).window().listed().getLast().sequence();
        assertThat(await(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(last + 3), OptionalInt.empty(), false))))
                .isInstanceOf(PlaylistAnswer.BadRequest.class);
        // the Advance Part Limit at 0.5 s parts is 6 parts past the last published one
        assertThat(await(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(last + 1), OptionalInt.of(7), false))))
                .isInstanceOf(PlaylistAnswer.BadRequest.class);
        assertThat(await(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.empty(), OptionalInt.of(0), false))))
                .isInstanceOf(PlaylistAnswer.BadRequest.class);
        Future<PlaylistAnswer> held = async(() -> channel.mediaPlaylist(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(last + 2), OptionalInt.empty(), false)));
        assertThatStillHeld(held);
        clock.advance(Duration.ofMillis(5_999));
        channel.sweep(clock.instant());
        assertThatStillHeld(held);
        clock.advance(Duration.ofMillis(1));
        channel.sweep(clock.instant()); // the origin's sweep wakes the held requests to re-check the clock
        assertThat(held.get(5, TimeUnit.SECONDS)).isInstanceOf(PlaylistAnswer.Unavailable.class);
    }

    @Test
    void aRequestForTheHintedPartIsHeldUntilThePartExists() throws Exception {
        channel.startPublicationForTest();
        frames(0, 65);
        long next = rendition(HlsChannel.SOURCE).window().listed().getLast().sequence() + 1;
        Future<PartAnswer> hinted = async(() -> channel.part(HlsChannel.SOURCE, next, 0));
        assertThatStillHeld(hinted);
        frames(65, 76);
        PartAnswer answer = hinted.get(5, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(PartAnswer.Found.class);
        assertThat(FakeFormat.text(((PartAnswer.Found) answer).part().data()).trim()).startsWith("V180000K");
        // far ahead, or a part past the last of a complete segment: 404 at once
        assertThat(await(() -> channel.part(HlsChannel.SOURCE, next + 3, 0))).isInstanceOf(PartAnswer.NotFound.class);
        assertThat(await(() -> channel.part(HlsChannel.SOURCE, next - 1, 4))).isInstanceOf(PartAnswer.NotFound.class);
        assertThat(await(() -> channel.part(HlsChannel.SOURCE, next - 1, 3))).isInstanceOf(PartAnswer.Found.class);
    }

    @Test
    void aHeldRequestWithoutAThreadIsRecheckedOnItsOwnExecutorAndAnsweredWhenThePartExists() {
        channel.startPublicationForTest();
        frames(0, 65);
        long next = rendition(HlsChannel.SOURCE).window().listed().getLast().sequence() + 1;
        java.util.ArrayDeque<Runnable> loop = new java.util.ArrayDeque<>(); // an event loop run by hand
        CompletableFuture<PlaylistAnswer> held = channel.mediaPlaylistLater(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(next), OptionalInt.of(0), false), loop::add);
        CompletableFuture<PartAnswer> part = channel.partLater(HlsChannel.SOURCE, next, 0, loop::add);
        assertThat(held).isNotDone();
        assertThat(part).isNotDone();
        frames(65, 75); // part 0 still open: each publish queued a re-check, none answers
        assertThat(loop).isNotEmpty();
        runAll(loop);
        assertThat(held).isNotDone();
        assertThat(part).isNotDone();
        frames(75, 76); // frame 75 closes part 0: the publisher only queued the re-checks, answered nothing itself
        assertThat(held).isNotDone();
        assertThat(part).isNotDone();
        runAll(loop);
        assertThat(held.join()).isInstanceOf(PlaylistAnswer.Ready.class);
        assertThat(((PlaylistAnswer.Ready) held.join()).playlist()).contains(next + ".0.m4s\",INDEPENDENT=YES");
        assertThat(FakeFormat.text(((PartAnswer.Found) part.join()).part().data()).trim()).startsWith("V180000K");
        // answered at once when it exists: no executor involved
        assertThat(channel.partLater(HlsChannel.SOURCE, next, 0, r -> {
            throw new AssertionError("re-checked");
        })).isCompleted();
    }

    @Test
    void aHeldRequestWithoutAThreadTimesOutOnTheSweepAndACancelledOneIsDropped() {
        channel.startPublicationForTest();
        frames(0, 65);
        long last = rendition(HlsChannel.SOURCE).window().listed().getLast().sequence();
        java.util.ArrayDeque<Runnable> loop = new java.util.ArrayDeque<>();
        CompletableFuture<PlaylistAnswer> held = channel.mediaPlaylistLater(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(last + 2), OptionalInt.empty(), false), loop::add);
        CompletableFuture<PartAnswer> gone = channel.partLater(HlsChannel.SOURCE, last + 2, 0, loop::add);
        gone.cancel(false); // its client went away
        clock.advance(Duration.ofMillis(5_999));
        channel.sweep(clock.instant());
        assertThat(loop).hasSize(2);
        runAll(loop);
        assertThat(held).isNotDone();
        assertThat(loop).isEmpty();
        clock.advance(Duration.ofMillis(1));
        channel.sweep(clock.instant());
        assertThat(loop).hasSize(1); // the cancelled request registered no further re-check
        runAll(loop);
        assertThat(held.join()).isInstanceOf(PlaylistAnswer.Unavailable.class);
        // an executor that refuses (shutting down) cancels the held request instead of failing the publisher
        CompletableFuture<PlaylistAnswer> refused = channel.mediaPlaylistLater(HlsChannel.SOURCE,
                new PlaylistRequest(OptionalLong.of(last + 2), OptionalInt.empty(), false), r -> {
                    throw new java.util.concurrent.RejectedExecutionException("closed");
                });
        channel.sweep(clock.instant());
        assertThat(refused).isCancelled();
    }

    private static void runAll(java.util.ArrayDeque<Runnable> loop) {
        for (Runnable r; (r = loop.poll()) != null; ) {
            r.run();
        }
    }

    // ---- helpers ----

    private interface Call<T> {
        T call() throws InterruptedException;
    }

    private static <T> Future<T> async(Call<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static <T> T await(Call<T> call) {
        try {
            return async(call).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Still held after a moment of real time (the waiter had every chance to see a wrong answer). */
    private static void assertThatStillHeld(Future<?> held) throws Exception {
        try {
            held.get(150, TimeUnit.MILLISECONDS);
            throw new AssertionError("answered too early: " + held.get());
        } catch (TimeoutException expected) {
            // held
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = LowLatencyTest.class.getResourceAsStream("/golden/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertGolden(String name, String actual) throws IOException {
        java.nio.file.Path out = java.nio.file.Path.of("target", "golden-actual", name);
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, actual);
        assertThat(actual).as(name).isEqualTo(golden(name));
    }
}
