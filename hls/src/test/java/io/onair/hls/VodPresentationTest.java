package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * The playlists of recorded broadcasts against golden files (see {@code golden/README.md}): a replay of source, 360p
 * and audio; a rendition that started late and missed a segment; a republish with a new init segment; live rewind
 * (EVENT, SLIDING); MPEG-TS; nothing recorded. Source segments of 2 s (B-frames: the first keyframe's PTS is 6000),
 * the last 1.5 s; 48 kHz AAC cut at the frame nearest each boundary, as live.
 */
class VodPresentationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final long S0 = T0.getEpochSecond();
    private static final long START = 6000;
    private static final long AAC_FRAME = 1920; // 1024 samples at 48 kHz, in 90 kHz ticks
    private static final Instant PUBLISHED = Instant.parse("2026-01-01T13:00:00Z");

    private static final VodTrack SOURCE = new VodTrack(false, "avc1.64001f", 1280, 720, OptionalDouble.of(30), 0, 0);
    private static final VodTrack P360 = new VodTrack(false, "avc1.64001e", 640, 360, OptionalDouble.of(30), 0, 0);
    private static final VodTrack AUDIO = new VodTrack(true, "mp4a.40.2", 0, 0, OptionalDouble.empty(), 48000, 2);

    /** Video segments numbered from {@code first}: 2 s each but the last 1.5 s, {@code bytesPer2s} per 2 s. */
    private static List<VodSegment> video(long first, int count, long start, Instant date, long init,
            long bytesPer2s, LongPredicate has) {
        List<VodSegment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ticks = i == count - 1 ? 135_000 : 180_000;
            long t = start + i * 180_000L;
            if (has.test(first + i)) {
                out.add(new VodSegment(first + i, t, ticks, i == 0 && first != S0, date.plusNanos((t - start)
                        * 100_000 / 9), OptionalLong.of(init), bytesPer2s * ticks / 180_000));
            }
        }
        return out;
    }

    /** The audio of the same boundaries: from the AAC frame nearest each, 300 bytes a frame. */
    private static List<VodSegment> audio(long first, int count, long start, Instant date, long init) {
        List<VodSegment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long from = nearestFrame(start + i * 180_000L);
            long to = nearestFrame(start + i * 180_000L + (i == count - 1 ? 135_000 : 180_000));
            out.add(new VodSegment(first + i, from, to - from, i == 0 && first != S0,
                    date.plusNanos((from - start) * 100_000 / 9), OptionalLong.of(init), (to - from) / AAC_FRAME * 300));
        }
        return out;
    }

    private static long nearestFrame(long ticks) {
        return Math.round(ticks / (double) AAC_FRAME) * AAC_FRAME;
    }

    private static VodRendition rendition(String name, VodTrack track, List<VodSegment> segments) {
        return new VodRendition(name, track, "m4s", segments);
    }

    /** A replay of {@code count} segments: source, 360p with the numbers {@code p360} has, audio. */
    private static List<VodRendition> broadcast(int count, LongPredicate p360) {
        return List.of(
                rendition("source", SOURCE, video(S0, count, START, T0, S0, 250_000, s -> true)),
                rendition("360p", P360, video(S0, count, START, T0, S0, 90_000, p360)),
                rendition("audio", AUDIO, audio(S0, count, START, T0, S0)));
    }

    /** The broadcast republished after 10 s: a discontinuity, timestamps from 0 again, new init segments. */
    private static List<VodRendition> republished() {
        Instant again = T0.plusSeconds(10);
        List<VodSegment> source = new ArrayList<>(video(S0, 3, START, T0, S0, 250_000, s -> true));
        source.addAll(video(S0 + 3, 2, START, again, S0 + 3, 250_000, s -> true));
        List<VodSegment> audio = new ArrayList<>(audio(S0, 3, START, T0, S0));
        audio.addAll(audio(S0 + 3, 2, START, again, S0 + 3));
        return List.of(rendition("source", SOURCE, source), rendition("audio", AUDIO, audio));
    }

    private static VodRendition named(List<VodRendition> renditions, String name) {
        return renditions.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = VodPresentationTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Compares with {@code golden/name}; on a mismatch writes the actual text to {@code target/golden-actual/}. */
    private static void assertGolden(String name, String actual) throws IOException {
        String expected = golden(name);
        if (!actual.equals(expected)) {
            Path out = Path.of("target", "golden-actual", name);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual);
        }
        assertThat(actual).as(name).isEqualTo(expected);
    }

    private static String media(List<VodRendition> renditions, String name, VodMode mode) {
        return VodPresentation.mediaPlaylist(named(renditions, name), VodPresentation.reference(renditions)
                .orElseThrow(), mode);
    }

    @Test
    void aReplayOfSource360pAndAudio() throws IOException {
        List<VodRendition> replay = broadcast(4, s -> true);
        assertGolden("vod-master.m3u8", VodPresentation.masterPlaylist(replay).orElseThrow());
        assertGolden("vod-source.m3u8", media(replay, "source", VodMode.VOD));
        assertGolden("vod-360p.m3u8", media(replay, "360p", VodMode.VOD));
        assertGolden("vod-audio.m3u8", media(replay, "audio", VodMode.VOD));
        assertGolden("vod.mpd", VodPresentation.dashManifest(replay, PUBLISHED).orElseThrow());

        ParsedPlaylist source = ParsedPlaylist.parse(media(replay, "source", VodMode.VOD));
        assertThat(source.playlistType()).contains("VOD");
        assertThat(source.ended()).isTrue();
        assertThat(source.totalDuration()).isEqualTo(7.5);
        for (String name : List.of("360p", "audio")) {
            ParsedPlaylist p = ParsedPlaylist.parse(media(replay, name, VodMode.VOD));
            assertThat(p.targetDuration()).as(name).isEqualTo(source.targetDuration());
            assertThat(p.mediaSequence()).as(name).isEqualTo(S0);
            assertThat(p.entries()).as(name).hasSameSizeAs(source.entries())
                    .allSatisfy(e -> assertThat(e.programDateTime()).isNotNull());
        }
    }

    @Test
    void aRenditionThatStartedLateAndMissedASegmentListsGapsWithTheSourcesDurations() throws IOException {
        List<VodRendition> replay = broadcast(5, s -> s != S0 && s != S0 + 3);
        assertGolden("vod-gap-360p.m3u8", media(replay, "360p", VodMode.VOD));
        assertGolden("vod-gap.mpd", VodPresentation.dashManifest(replay, PUBLISHED).orElseThrow());

        ParsedPlaylist source = ParsedPlaylist.parse(media(replay, "source", VodMode.VOD));
        ParsedPlaylist p360 = ParsedPlaylist.parse(media(replay, "360p", VodMode.VOD));
        assertThat(p360.entries()).extracting(ParsedPlaylist.Entry::uri)
                .isEqualTo(source.entries().stream().map(ParsedPlaylist.Entry::uri).toList());
        assertThat(p360.entries()).extracting(ParsedPlaylist.Entry::duration)
                .isEqualTo(source.entries().stream().map(ParsedPlaylist.Entry::duration).toList());
        assertThat(p360.entries()).extracting(ParsedPlaylist.Entry::gap)
                .containsExactly(true, false, false, true, false);
        // EXT-X-MAP before the leading gap: every segment of an fMP4 playlist has its init section (§4.3.2.5)
        assertThat(p360.entries()).allSatisfy(e -> assertThat(e.init()).contains("init-" + S0 + ".mp4"));
        // the master measures the 360p by the segments it has
        assertThat(VodPresentation.masterPlaylist(replay).orElseThrow())
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=472500,AVERAGE-BANDWIDTH=472500,CODECS=\"avc1.64001e,mp4a.40.2\"");
    }

    @Test
    void aRepublishIsADiscontinuityWithANewInitSegmentAndASecondPeriod() throws IOException {
        List<VodRendition> replay = republished();
        assertGolden("vod-discontinuity-source.m3u8", media(replay, "source", VodMode.VOD));
        assertGolden("vod-discontinuity-audio.m3u8", media(replay, "audio", VodMode.VOD));
        assertGolden("vod-discontinuity.mpd", VodPresentation.dashManifest(replay, PUBLISHED).orElseThrow());

        ParsedPlaylist audio = ParsedPlaylist.parse(media(replay, "audio", VodMode.VOD));
        assertThat(audio.entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, false, false, true, false);
        assertThat(audio.entries().get(3).init()).contains("init-" + (S0 + 3) + ".mp4");
        assertThat(audio.entries().get(3).programDateTime()).isEqualTo(Instant.parse("2026-01-01T12:00:09.997Z"));
    }

    @Test
    void liveRewindFromTheStartIsAnEventThatOnlyGrows() throws IOException {
        // the 360p's third segment is still being transcoded: left out, not a gap that could never be filled
        List<VodRendition> now = broadcast(3, s -> s < S0 + 2);
        assertGolden("vod-event-source.m3u8", media(now, "source", VodMode.EVENT));
        assertGolden("vod-event-360p.m3u8", media(now, "360p", VodMode.EVENT));

        String before = media(now, "360p", VodMode.EVENT);
        List<VodRendition> later = broadcast(3, s -> true);
        assertThat(media(later, "360p", VodMode.EVENT)).startsWith(before);
        assertThat(ParsedPlaylist.parse(before).ended()).isFalse();
        assertThat(ParsedPlaylist.parse(before).playlistType()).contains("EVENT");
    }

    @Test
    void liveRewindListsADroppedRungsMissingNumbersAsGapsOnceTheyCannotComeAnyMore() {
        // 12 segments (23.5 s); the 360p rung was dropped after its third: numbers ending 10 s (the transcoder's
        // drain allowance) or more before the source's newest end are gaps, the rest are left out.
        List<VodRendition> dropped = broadcast(12, s -> s < S0 + 3);
        ParsedPlaylist p = ParsedPlaylist.parse(media(dropped, "360p", VodMode.EVENT));
        assertThat(p.entries()).hasSize(6); // slots ending at 2..12 s; the 14 s one is less than 10 s old
        assertThat(p.entries().stream().filter(ParsedPlaylist.Entry::gap).count()).isEqualTo(3);
        assertThat(p.entries().getFirst().gap()).isFalse();
        assertThat(p.ended()).isFalse();
        // later it only grows: the same text, then more gaps
        String before = media(dropped, "360p", VodMode.EVENT);
        assertThat(media(broadcast(14, s -> s < S0 + 3), "360p", VodMode.EVENT)).startsWith(before)
                .hasSizeGreaterThan(before.length());
        // a rung one segment behind the source (being transcoded) gets no gap
        ParsedPlaylist lagging = ParsedPlaylist.parse(media(broadcast(12, s -> s < S0 + 11), "360p", VodMode.EVENT));
        assertThat(lagging.entries()).hasSize(11);
        assertThat(lagging.entries().stream().noneMatch(ParsedPlaylist.Entry::gap)).isTrue();
        // the sliding window (past the first two hours) does the same
        assertThat(ParsedPlaylist.parse(media(dropped, "360p", VodMode.SLIDING)).entries()).hasSize(6);
    }

    @Test
    void liveRewindOverAWindowSlides() throws IOException {
        List<VodRendition> all = republished();
        List<VodRendition> window = all.stream().map(r -> rendition(r.name(), r.track(),
                r.segments().stream().filter(s -> s.sequence() >= S0 + 2).toList())).toList();
        assertGolden("vod-sliding-source.m3u8", media(window, "source", VodMode.SLIDING));

        ParsedPlaylist sliding = ParsedPlaylist.parse(media(window, "audio", VodMode.SLIDING));
        assertThat(sliding.mediaSequence()).isEqualTo(S0 + 2);
        assertThat(sliding.playlistType()).isEmpty();
        assertThat(sliding.ended()).isFalse();
        // once the discontinuity is first, it stays tagged; after it slides out, the caller counts it
        List<VodRendition> later = all.stream().map(r -> rendition(r.name(), r.track(),
                r.segments().stream().filter(s -> s.sequence() >= S0 + 4).toList())).toList();
        assertThat(VodPresentation.mediaPlaylist(named(later, "source"), named(later, "source"), VodMode.SLIDING, 1))
                .contains("#EXT-X-MEDIA-SEQUENCE:" + (S0 + 4) + "\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
                .doesNotContain("#EXT-X-DISCONTINUITY\n");
    }

    @Test
    void mpegTsHasVersion3NoMapAndNoMpd() throws IOException {
        VodTrack muxed = new VodTrack(false, "avc1.64001f,mp4a.40.2", 1280, 720, OptionalDouble.of(29.97), 0, 0);
        List<VodSegment> segments = video(S0, 3, 63_000, T0, S0, 280_000, s -> true).stream()
                .map(s -> new VodSegment(s.sequence(), s.start(), s.durationTicks(), false, s.programDateTime(),
                        OptionalLong.empty(), s.bytes())).toList();
        List<VodRendition> ts = List.of(new VodRendition("source", muxed, "ts", segments));
        assertGolden("vod-ts-master.m3u8", VodPresentation.masterPlaylist(ts).orElseThrow());
        assertGolden("vod-ts-source.m3u8", media(ts, "source", VodMode.VOD));
        assertThat(VodPresentation.dashManifest(ts, PUBLISHED)).isEmpty();
    }

    @Test
    void nothingRecordedIsNothingPlayable() {
        assertThat(VodPresentation.masterPlaylist(List.of())).isEmpty();
        assertThat(VodPresentation.dashManifest(List.of(), PUBLISHED)).isEmpty();
        assertThat(VodPresentation.reference(List.of())).isEmpty();
        List<VodRendition> empty = List.of(rendition("source", SOURCE, List.of()), rendition("audio", AUDIO,
                List.of()));
        assertThat(VodPresentation.masterPlaylist(empty)).isEmpty();
        assertThat(VodPresentation.dashManifest(empty, PUBLISHED)).isEmpty();
        assertThat(VodPresentation.reference(empty)).isEmpty();
        assertThat(VodPresentation.mediaPlaylist(empty.get(0), empty.get(0), VodMode.VOD)).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-TARGETDURATION:1
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void anAudioOnlyBroadcastIsOneAudioVariantAndItsOwnReference() {
        List<VodRendition> audioOnly = List.of(rendition("audio", AUDIO, audio(S0, 2, START, T0, S0)));
        assertThat(VodPresentation.reference(audioOnly)).contains(audioOnly.getFirst());
        assertThat(VodPresentation.masterPlaylist(audioOnly).orElseThrow()).doesNotContain("EXT-X-MEDIA:")
                .contains("CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n");
        assertThat(VodPresentation.dashManifest(audioOnly, PUBLISHED).orElseThrow())
                .doesNotContain("contentType=\"video\"").contains("contentType=\"audio\"");
    }

    @Test
    void aSegmentTheRecorderLostIsAGapInTheReferenceTooAndSplitsTheMpd() {
        List<VodRendition> replay = broadcast(4, s -> true);
        List<VodRendition> lost = List.of(rendition("source", SOURCE, named(replay, "source").segments().stream()
                .filter(s -> s.sequence() != S0 + 1).toList()), named(replay, "360p"), named(replay, "audio"));
        ParsedPlaylist source = ParsedPlaylist.parse(media(lost, "source", VodMode.VOD));
        ParsedPlaylist p360 = ParsedPlaylist.parse(media(lost, "360p", VodMode.VOD));
        // the number stays listed, with the length the media timeline is missing: 2 s
        assertThat(source.entries()).extracting(ParsedPlaylist.Entry::gap).containsExactly(false, true, false, false);
        assertThat(source.entries()).extracting(ParsedPlaylist.Entry::duration).containsExactly(2.0, 2.0, 2.0, 1.5);
        assertThat(p360.entries()).extracting(ParsedPlaylist.Entry::gap).containsOnly(false);
        // a $Number$ timeline cannot skip a number: a second Period from the segment after the hole
        String mpd = VodPresentation.dashManifest(lost, PUBLISHED).orElseThrow();
        assertThat(mpd).contains("<Period id=\"p" + S0 + "\" start=\"PT0S\" duration=\"PT2S\">",
                "<Period id=\"p" + (S0 + 2) + "\" start=\"PT2S\" duration=\"PT3.500S\">");
    }

    @Test
    void segmentsBeforeTheReferencesFirstAreDroppedAndItsOrderRules() {
        List<VodRendition> replay = broadcast(4, s -> true);
        VodRendition clip = rendition("source", SOURCE, named(replay, "source").segments().subList(1, 3));
        String audio = VodPresentation.mediaPlaylist(named(replay, "audio"), clip, VodMode.VOD);
        assertThat(ParsedPlaylist.parse(audio).entries()).extracting(ParsedPlaylist.Entry::uri)
                .containsExactly((S0 + 1) + ".m4s", (S0 + 2) + ".m4s");
        assertThat(audio).contains("#EXT-X-MEDIA-SEQUENCE:" + (S0 + 1) + "\n");
    }

    @Test
    void recordsRejectWhatCannotBeServed() {
        VodSegment s = new VodSegment(S0, 0, 180_000, false, T0, OptionalLong.of(S0), 1000);
        assertThatThrownBy(() -> new VodRendition("source", SOURCE, "mp4", List.of(s)))
                .hasMessage("source: extension \"mp4\", not m4s or ts");
        assertThatThrownBy(() -> new VodRendition("source", SOURCE, "m4s", List.of(s, s)))
                .hasMessage("source: segment " + S0 + " after " + S0);
        assertThatThrownBy(() -> new VodSegment(S0, 0, 0, false, T0, OptionalLong.empty(), 0))
                .hasMessage("segment " + S0 + ": duration 0 ticks");
        assertThatThrownBy(() -> new VodTrack(true, "mp4a.40.2", 0, 0, OptionalDouble.empty(), 0, 2))
                .hasMessage("an audio track needs its sample rate, got 0");
    }
}
