package io.onair.hls;

import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.stream.EndReason;
import io.onair.stream.Await;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The origin with the real registry and packager threads; the clock is fake. The packager runs on its own thread,
 * so assertions wait for it to have processed what was written (a state, never a time).
 */
class HlsOriginTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
    private final HlsOrigin origin = new HlsOrigin(registry, HlsSettings.defaults(), clock, FakeFormat.muxed(), false);

    @AfterEach
    void close() {
        origin.close();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, "packager did not get there");
    }

    /** Writes {@code seconds} of 30 fps video (keyframe each second) and AAC, advancing the clock along. */
    private static long feed(FakeClock clock, Publication pub, long fromMs, long millis) {
        for (long f = fromMs * 30 / 1000; f * 1000 / 30 < fromMs + millis; f++) {
            long dts = ms(f * 1000 / 30);
            pub.write(Frames.video(Frames.VIDEO, dts, f % 30 == 0, 2000));
            pub.write(new AudioFrame(Frames.AUDIO, dts, new byte[300]));
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
        }
        return fromMs + millis;
    }

    private ParsedPlaylist media(String channel) {
        return ParsedPlaylist.parse(origin.channel(channel).orElseThrow().mediaPlaylist(HlsChannel.SOURCE)
                .orElseThrow());
    }

    private boolean hasSegments(String channel, int n) {
        return origin.channel(channel).flatMap(c -> c.mediaPlaylist(HlsChannel.SOURCE))
                .map(p -> ParsedPlaylist.parse(p).entries().size() >= n).orElse(false);
    }

    @Test
    void aKeyframeHintListsTheSegmentOnThePublishersThreadWhenThePackagerIsIdle() throws Exception {
        // One track per rendition (fMP4): the video's segment is complete at its boundary, not when audio passes it.
        // A registry and origin of its own (the fields' origin muxes audio into the video, as MPEG-TS does).
        StreamRegistry separateRegistry = new StreamRegistry(clock, StreamSettings.defaults());
        try (HlsOrigin separate = new HlsOrigin(separateRegistry, HlsSettings.defaults(), clock,
                FakeFormat.separate(), false)) {
            Publication pub = separateRegistry.startPublishing("alice", r -> { });
            HlsChannel channel = separate.channel("alice").orElseThrow();
            feed(clock, pub, 0, 2000); // segment 0's frames; the keyframe that closes it, at 2 s, has not come
            await(channel::packagerIdleForTest);
            assertThat(channel.mediaPlaylist(HlsChannel.SOURCE)).isEmpty();

            pub.keyframeStart(ms(2000), ms(2000));

            // Listed when keyframeStart returns: the cut and the listing ran on this thread, nothing woke the packager.
            assertThat(channel.mediaPlaylist(HlsChannel.SOURCE)).hasValueSatisfying(
                    p -> assertThat(ParsedPlaylist.parse(p).entries()).hasSize(1));
            pub.write(Frames.video(Frames.VIDEO, ms(2000), true, 2000)); // the keyframe itself: no second cut
            feed(clock, pub, 2034, 1900);
            await(channel::packagerIdleForTest);
            assertThat(ParsedPlaylist.parse(channel.mediaPlaylist(HlsChannel.SOURCE).orElseThrow()).entries())
                    .hasSize(1);
        }
    }

    @Test
    void playlistsAppearAfterTheFirstSegmentAndSegmentsAreFetchable() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        HlsChannel channel = origin.channel("alice").orElseThrow();
        assertThat(channel.live()).isTrue();
        assertThat(channel.masterPlaylist()).isEmpty();
        feed(clock, pub, 0, 4100);
        await(() -> hasSegments("alice", 2));
        ParsedPlaylist playlist = media("alice");
        assertThat(playlist.targetDuration()).isEqualTo(2);
        assertThat(playlist.ended()).isFalse();
        long first = playlist.mediaSequence();
        assertThat(channel.segment(HlsChannel.SOURCE, first)).hasValueSatisfying(s -> {
            assertThat(FakeFormat.text(s.data())).startsWith("[tables 1280x720+aac48000] V0K");
            assertThat(s.durationSeconds()).isEqualTo(2.0);
        });
        assertThat(channel.segment("720p", first)).isEmpty();
        assertThat(channel.mediaPlaylist("720p")).isEmpty();
        String master = channel.masterPlaylist().orElseThrow();
        assertThat(master).contains("CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000\n"
                + "source/index.m3u8\n");
        assertThat(channel.lastLiveAt()).contains(clock.instant());
    }

    @Test
    void takeoverContinuesThePlaylistWithADiscontinuity() throws Exception {
        Publication first = registry.startPublishing("alice", r -> { });
        feed(clock, first, 0, 4100);
        Publication second = registry.startPublishing("alice", r -> { }); // OBS reconnect
        feed(clock, second, 0, 4100); // its timestamps start over
        second.end(EndReason.CLEAN);
        origin.channel("alice").orElseThrow().awaitPackager();
        ParsedPlaylist playlist = media("alice");
        assertThat(playlist.entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, false, false, true, false, false);
        assertThat(playlist.ended()).isTrue();
        assertThat(origin.channel("alice").orElseThrow().live()).isFalse();
    }

    /**
     * A publication with a transcoded 360p rung, taken over by a second one (OBS reconnect), whose transcoder then
     * drains and says the rung ended with its publication. Returns the second publication.
     */
    private Publication rungThenTakeover() throws Exception {
        Publication first = registry.startPublishing("alice", r -> { });
        origin.renditionStarted("alice", "360p");
        feed(clock, first, 0, 4100);
        awaitIdle();
        rung(0, 4100);
        Publication second = registry.startPublishing("alice", r -> { });
        origin.renditionSourceEnded("alice", "360p");
        return second;
    }

    @Test
    void aTranscodedRenditionsPlaylistStaysOpenThroughATakeoverAndContinues() throws Exception {
        Publication second = rungThenTakeover();
        assertThat(rungPlaylist().ended()).as("no ENDLIST for the rung's viewers in the middle of the stream")
                .isFalse();
        int before = rungPlaylist().entries().size();
        origin.renditionStarted("alice", "360p"); // the second publication's transcoder
        feed(clock, second, 0, 4100); // its timestamps start over
        awaitIdle();
        rung(0, 4100);
        second.end(EndReason.CLEAN);
        origin.channel("alice").orElseThrow().awaitPackager();
        origin.renditionSourceEnded("alice", "360p");
        ParsedPlaylist rung = rungPlaylist();
        assertThat(rung.entries()).hasSizeGreaterThan(before);
        assertThat(rung.entries().stream().filter(ParsedPlaylist.Entry::discontinuity)).hasSize(1);
        assertThat(rung.ended()).as("ended with the stream").isTrue();
        // The same numbers as the source's.
        assertThat(rung.entries()).extracting(ParsedPlaylist.Entry::uri)
                .isEqualTo(media("alice").entries().stream().map(ParsedPlaylist.Entry::uri)
                        .filter(u -> rung.entries().stream().anyMatch(e -> e.uri().equals(u))).toList());
    }

    @Test
    void aTranscodedRenditionThatDoesNotComeBackEndsAfterTheDrainTime() throws Exception {
        Publication second = rungThenTakeover();
        feed(clock, second, 0, 2000);
        awaitIdle();
        assertThat(rungPlaylist().ended()).isFalse();
        clock.advance(HlsChannel.TRANSCODE_DRAIN);
        origin.channel("alice").orElseThrow().sweep(clock.instant());
        assertThat(rungPlaylist().ended()).as("the new ladder has no 360p: its playlist ends").isTrue();
        assertThat(media("alice").ended()).isFalse();
        second.end(EndReason.CLEAN);
    }

    /** The packager has taken every frame written so far (awaitPackager waits for the publication's end). */
    private void awaitIdle() throws InterruptedException {
        await(() -> origin.channel("alice").orElseThrow().packagerIdleForTest());
    }

    /** The 360p rendition's frames at the source's timestamps, as the transcoder delivers them. */
    private void rung(long fromMs, long millis) {
        for (long f = fromMs * 30 / 1000; f * 1000 / 30 < fromMs + millis; f++) {
            long dts = ms(f * 1000 / 30);
            origin.renditionFrame("alice", "360p", new VideoFrame(Frames.video(640, 360), dts, dts, f % 30 == 0,
                    new byte[500]));
        }
    }

    private ParsedPlaylist rungPlaylist() {
        return ParsedPlaylist.parse(origin.channel("alice").orElseThrow().mediaPlaylist("360p").orElseThrow());
    }

    @Test
    void cleanEndAddsEndlistAtOnce() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        feed(clock, pub, 0, 3000);
        pub.end(EndReason.CLEAN);
        origin.channel("alice").orElseThrow().awaitPackager();
        assertThat(media("alice").ended()).isTrue();
        assertThat(media("alice").entries()).hasSize(2); // the last, partial segment is flushed too
    }

    @Test
    void disconnectKeepsThePlaylistOpenForTheGraceThenEnds() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        feed(clock, pub, 0, 3000);
        pub.end(EndReason.DISCONNECTED);
        HlsChannel channel = origin.channel("alice").orElseThrow();
        channel.awaitPackager();
        assertThat(media("alice").ended()).isFalse();
        assertThat(channel.live()).isFalse();
        var endedAt = clock.instant();
        clock.advance(Duration.ofSeconds(14));
        origin.sweep();
        assertThat(media("alice").ended()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(media("alice").ended()).isTrue(); // noticed on read, without waiting for the sweep
        assertThat(channel.lastLiveAt()).contains(endedAt);
    }

    @Test
    void reconnectWithinTheGraceContinuesThePlaylist() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        long t = feed(clock, pub, 0, 4100);
        pub.end(EndReason.DISCONNECTED);
        origin.channel("alice").orElseThrow().awaitPackager();
        clock.advance(Duration.ofSeconds(10));
        origin.sweep();
        Publication again = registry.startPublishing("alice", r -> { });
        feed(clock, again, t + 10_000, 4100);
        again.end(EndReason.DISCONNECTED);
        origin.channel("alice").orElseThrow().awaitPackager();
        clock.advance(Duration.ofSeconds(10));
        origin.sweep();
        ParsedPlaylist playlist = media("alice");
        assertThat(playlist.ended()).isFalse();
        // 0-2, 2-4, 4-4.1 s; then the reconnect's first keyframe at 15 s: 15-17, 17-18.2 s
        assertThat(playlist.entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, false, false, true, false);
    }

    @Test
    void republishAfterTheEndStartsANewPlaylistAndTheChannelIsForgottenAfterRetention() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        feed(clock, pub, 0, 4100);
        pub.end(EndReason.CLEAN);
        origin.channel("alice").orElseThrow().awaitPackager();
        long lastSequence = media("alice").mediaSequence() + media("alice").entries().size() - 1;
        Publication again = registry.startPublishing("alice", r -> { });
        feed(clock, again, 0, 2100);
        again.end(EndReason.KICKED);
        origin.channel("alice").orElseThrow().awaitPackager();
        ParsedPlaylist playlist = media("alice");
        assertThat(playlist.mediaSequence()).isEqualTo(lastSequence + 1);
        assertThat(playlist.entries().getFirst().discontinuity()).isFalse();
        assertThat(playlist.ended()).isTrue();
        clock.advance(HlsSettings.DEFAULT_ENDED_RETENTION.minusSeconds(1));
        origin.sweep();
        assertThat(origin.channel("alice")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        origin.sweep();
        assertThat(origin.channel("alice")).isEmpty();
    }

    @Test
    void audioOnlyAndVideoOnlyChannelsProduceValidPlaylists() throws Exception {
        Publication radio = registry.startPublishing("radio", r -> { });
        Publication slides = registry.startPublishing("slides", r -> { });
        for (long n = 0; n < 300; n++) {
            radio.write(Frames.aac(n * 1920));
        }
        for (long f = 0; f < 5; f++) {
            slides.write(Frames.video(Frames.VIDEO, ms(f * 1000), true, 5000)); // 1 fps, every frame a keyframe
        }
        radio.end(EndReason.CLEAN);
        slides.end(EndReason.CLEAN);
        origin.channel("radio").orElseThrow().awaitPackager();
        origin.channel("slides").orElseThrow().awaitPackager();
        assertThat(media("radio").entries()).hasSize(4);
        assertThat(origin.channel("radio").orElseThrow().masterPlaylist().orElseThrow())
                .contains(",CODECS=\"mp4a.40.2\"\nsource/index.m3u8").doesNotContain("RESOLUTION");
        assertThat(media("slides").entries()).extracting(ParsedPlaylist.Entry::duration)
                .containsExactly(2.0, 2.0, 1.0);
        assertThat(origin.channel("slides").orElseThrow().masterPlaylist().orElseThrow())
                .contains("CODECS=\"avc1.64001f\",RESOLUTION=1280x720,FRAME-RATE=1.000");
    }

    @Test
    void timestampJumpBecomesADiscontinuity() throws Exception {
        Publication pub = registry.startPublishing("alice", r -> { });
        feed(clock, pub, 0, 4100);
        feed(clock, pub, 3_600_000, 4100); // the encoder's clock jumped an hour
        pub.end(EndReason.CLEAN);
        origin.channel("alice").orElseThrow().awaitPackager();
        ParsedPlaylist playlist = media("alice");
        assertThat(playlist.entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, false, false, true, false, false);
        // the program date-time is re-anchored on the ingest clock, not an hour ahead
        assertThat(playlist.entries().get(3).programDateTime())
                .isBetween(playlist.entries().get(2).programDateTime(), clock.instant());
    }
}
