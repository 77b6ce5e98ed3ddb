package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.PlaylistWatcher;
import io.onair.app.e2e.support.Poll;
import io.onair.app.e2e.support.RtmpCapture;
import io.onair.app.e2e.support.RtmpReplay;
import io.onair.media.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OBS reconnecting after a network blip: the new connection publishes with the same key while the old one is
 * still open. nginx-rtmp answers "already publishing" (#1152) and SRS "stream is busy" (#2472); here the new
 * publisher takes over at once and the viewers' playlist carries on with a discontinuity, never a 404 or an end.
 * And when the old connection is already gone (no unpublish), the playlist stays open for the end grace, so the
 * reconnecting encoder continues it.
 */
class PublisherTakeoverTest extends LiveServerTest {

    @Test
    void secondPublisherWithTheSameKeyTakesOverAndThePlaylistContinues() {
        PlaylistWatcher watcher = closeAfterEach(PlaylistWatcher.start(hls(), TAKEOVER));
        // A: a long live stream that would run for 30 s if nobody took over.
        ExternalProcess a = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(TAKEOVER)))
                .size("320x240").realtime(true).duration(Duration.ofSeconds(30)).start());
        Poll.until("two segments from publisher A", Duration.ofSeconds(20), () -> a.describe() + watcher.describe(),
                () -> watcher.latest().filter(p -> p.segments().size() >= 2));
        assertThat(a.isAlive()).as(a::describe).isTrue();
        long lastOfA = watcher.latest().orElseThrow().lastSequence();

        // B: same key, different picture size (a new decoder configuration), 5 s.
        ExternalProcess b = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(TAKEOVER)))
                .size("480x270").realtime(true).duration(Duration.ofSeconds(5)).start());
        assertThat(a.awaitExit(Duration.ofSeconds(10))).as("publisher A ends once B takes over\n" + a.describe())
                .isTrue();
        assertThat(b.isAlive()).as("B still publishing after taking over\n" + b.describe()).isTrue();
        b.assertSucceeds(Duration.ofSeconds(20));
        Poll.until("EXT-X-ENDLIST after B ended", Duration.ofSeconds(10), watcher::describe,
                () -> watcher.latest().filter(MediaPlaylist::endList));
        watcher.close();

        List<PlaylistWatcher.Reload> reloads = watcher.reloadsSinceFirstPlaylist();
        assertThat(watcher.failures()).as(watcher::describe).isEmpty();
        assertThat(reloads).as("every playlist reload from the first on is a 200\n" + watcher.describe())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(watcher.mastersSinceFirstPlaylist()).as("the master playlist never 404s either\n" + watcher.describe())
                .allSatisfy(m -> assertThat(m.status()).isEqualTo(200));
        List<MediaPlaylist> playlists = reloads.stream().map(r -> r.playlist().orElseThrow()).toList();
        for (int i = 1; i < playlists.size(); i++) {
            assertThat(playlists.get(i).mediaSequence()).as("media sequence at reload " + i + "\n" + watcher.describe())
                    .isGreaterThanOrEqualTo(playlists.get(i - 1).mediaSequence());
            assertThat(playlists.get(i).lastSequence()).as("last segment at reload " + i + "\n" + watcher.describe())
                    .isGreaterThanOrEqualTo(playlists.get(i - 1).lastSequence());
        }
        assertThat(playlists).as("RFC 8216 4.3.3.1 at every reload\n" + watcher.describe())
                .allSatisfy(p -> assertThat(p.segmentsLongerThanTarget()).isEmpty())
                .extracting(MediaPlaylist::targetDuration).containsOnly(playlists.getFirst().targetDuration());
        int firstEnd = indexOfFirstEndList(playlists);
        assertThat(playlists.subList(firstEnd, playlists.size())).as("ENDLIST only once the stream is over, never"
                + " in between\n" + watcher.describe()).allSatisfy(p -> assertThat(p.endList()).isTrue());
        MediaPlaylist last = playlists.getLast();
        assertThat(last.lastSequence()).as("B's segments follow A's\n" + last.text()).isGreaterThan(lastOfA + 1);
        List<MediaPlaylist.Segment> afterTakeover = last.segments().stream()
                .filter(s -> s.sequence() > lastOfA).toList();
        assertThat(playlists.stream().anyMatch(MediaPlaylist::hasDiscontinuity))
                .as("an EXT-X-DISCONTINUITY where B's segments begin\n" + watcher.describe()).isTrue();
        assertThat(afterTakeover.stream().filter(MediaPlaylist.Segment::discontinuity).count())
                .as("one discontinuity after A's last listed segment\n" + last.text()).isEqualTo(1);
        assertThat(watcher.fetches()).as(watcher::describe)
                .allSatisfy(f -> assertThat(f.status()).as("GET " + f.uri()).isEqualTo(200));
    }

    @Test
    void publisherThatDropsAndReconnectsWithinTheEndGraceKeepsThePlaylistOpen() {
        PlaylistWatcher watcher = closeAfterEach(PlaylistWatcher.start(hls(), BLIP));
        ExternalProcess a = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(BLIP)))
                .size("320x240").realtime(true).duration(Duration.ofSeconds(30)).start());
        Poll.until("two segments from publisher A", Duration.ofSeconds(20), () -> a.describe() + watcher.describe(),
                () -> watcher.latest().filter(p -> p.segments().size() >= 2));
        long lastOfA = watcher.latest().orElseThrow().lastSequence();

        // The network blip: A's connection dies without FCUnpublish/deleteStream (SIGKILL), and the encoder, here
        // the recorded OBS session with this channel's key, reconnects at once, well within the end grace.
        a.kill();
        byte[] obs = RtmpCapture.withStreamKey(Fixtures.bytes(Fixtures.obsPublish("client-to-server.bin")),
                "obsfixture", keyOf(BLIP));
        try (RtmpReplay b = RtmpReplay.send("127.0.0.1", rtmpServer.port(), obs)) {
            Poll.until("a segment from the reconnected publisher", Duration.ofSeconds(15), watcher::describe,
                    () -> watcher.latest().filter(p -> p.lastSequence() > lastOfA + 1
                            && p.segments().stream().anyMatch(s -> s.sequence() > lastOfA && s.discontinuity())));
            // Then the reconnected publisher drops too, for good: ENDLIST follows once the end grace has passed.
            assertThat(b.endAndAwaitServerClose(Duration.ofSeconds(10))).isTrue();
        }
        Poll.until("EXT-X-ENDLIST after the end grace", Duration.ofSeconds(10), watcher::describe,
                () -> watcher.latest().filter(MediaPlaylist::endList));
        watcher.close();

        assertThat(watcher.failures()).as(watcher::describe).isEmpty();
        assertThat(watcher.reloadsSinceFirstPlaylist()).as(watcher::describe)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        List<Boolean> ended = watcher.reloadsSinceFirstPlaylist().stream()
                .map(r -> r.playlist().orElseThrow().endList()).toList();
        assertThat(ended).as("no ENDLIST while the publisher was away, ENDLIST for good at the end\n"
                + watcher.describe()).contains(false).isSorted();
        MediaPlaylist last = watcher.latest().orElseThrow();
        // The reconnected publisher's keyframes are 8.3 s apart (OBS's default), A's 1 s: the target duration was
        // fixed by A's first segment and stays (RFC 8216 4.3.3.1; growing it breaks iOS). The longer segments are
        // listed with their true EXTINF, above the target: a trade-off hls/LiveWindow documents, not asserted here.
        assertThat(watcher.reloadsSinceFirstPlaylist()).as(watcher::describe)
                .extracting(r -> r.playlist().orElseThrow().targetDuration()).containsOnly(last.targetDuration());
        assertThat(last.segments().stream().filter(s -> s.sequence() > lastOfA))
                .as("the reconnected publisher's 1280x720 segments follow A's\n" + last.text()).isNotEmpty();
        assertThat(watcher.fetches()).as(watcher::describe)
                .allSatisfy(f -> assertThat(f.status()).as("GET " + f.uri()).isEqualTo(200));
    }

    private static int indexOfFirstEndList(List<MediaPlaylist> playlists) {
        for (int i = 0; i < playlists.size(); i++) {
            if (playlists.get(i).endList()) {
                return i;
            }
        }
        return playlists.size();
    }
}
