package io.onair.hls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The playlists of a recorded broadcast (issue 7: replays, live rewind, clips), served under {@code /vod/{id}/} with
 * the live layout ({@code master.m3u8}, {@code {rendition}/index.m3u8}, {@code {rendition}/{sequence}.m4s},
 * {@code {rendition}/init-{n}.mp4}, {@code manifest.mpd}), so every relative URI is the live one. Pure: renditions in,
 * text out; the same renderers as live ({@link MediaPlaylist}, {@link MasterPlaylist}, {@link DashManifest}).
 */
public final class VodPresentation {
    private VodPresentation() {
    }

    /**
     * The rendition whose sequence numbers define a recording's timeline: the {@code source} (it decided every
     * boundary live), else the audio rendition; empty when neither has a segment.
     */
    public static Optional<VodRendition> reference(List<VodRendition> renditions) {
        return renditions.stream().filter(r -> r.name().equals(HlsChannel.SOURCE) && !r.segments().isEmpty())
                .findFirst()
                .or(() -> renditions.stream().filter(r -> r.track().audio() && !r.segments().isEmpty()).findFirst());
    }

    /**
     * The media playlist of one rendition, with {@code EXT-X-DISCONTINUITY-SEQUENCE:0}: right for {@link VodMode#VOD}
     * and {@link VodMode#EVENT} (they start at the start of what they show) and for a {@link VodMode#SLIDING} window
     * that has not yet left a discontinuity behind; see
     * {@link #mediaPlaylist(VodRendition, VodRendition, VodMode, long)}.
     */
    public static String mediaPlaylist(VodRendition rendition, VodRendition reference, VodMode mode) {
        return mediaPlaylist(rendition, reference, mode, 0);
    }

    /**
     * The media playlist of one rendition. {@code VOD}: {@code EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}.
     * {@code EVENT}: {@code EXT-X-PLAYLIST-TYPE:EVENT}, no {@code EXT-X-ENDLIST}. {@code SLIDING}: neither,
     * {@code EXT-X-MEDIA-SEQUENCE} the first listed.
     *
     * <p>{@code reference} (see {@link #reference}) defines the numbers listed and their order: its sequence numbers
     * that {@code rendition} lacks are {@code EXT-X-GAP} segments with the reference's durations (RFC 8216bis
     * §4.4.4.7), so every rendition lists the same numbers and players switch anywhere; the rendition's segments
     * outside them are dropped. While the recording may grow ({@code EVENT}, {@code SLIDING}) the numbers after the
     * rendition's last segment are left out rather than listed as gaps: a transcoded segment arrives after the
     * source's, and a listed gap could not become a segment later.
     *
     * <p>{@code EXT-X-TARGETDURATION} is the longest listed duration (the reference's included, so every rendition
     * has the same) rounded to the nearest integer, at least 1 (RFC 8216 §4.3.3.1). While a recording grows it
     * changes only when a segment longer than every one before is recorded, which the live playlist then warned
     * about too.
     *
     * @param discontinuitySequence {@code SLIDING}: the discontinuities of the reference before its first listed
     *                              segment, as the live window counts the ones that left it (RFC 8216 §6.2.2)
     */
    public static String mediaPlaylist(VodRendition rendition, VodRendition reference, VodMode mode,
            long discontinuitySequence) {
        List<VodTimeline.Slot> slots = VodTimeline.slots(reference);
        List<HlsSegment> listed = new ArrayList<>(VodTimeline.align(rendition, slots, mode == VodMode.VOD));
        if (mode != VodMode.SLIDING && !listed.isEmpty() && listed.getFirst().discontinuity()) {
            // A replay or an EVENT starts at the start of what it shows: nothing before to be discontinuous with. A
            // sliding window keeps the tag until it slides out, as the live window does.
            HlsSegment s = listed.getFirst();
            listed.set(0, new HlsSegment(s.sequence(), s.bytes(), s.durationSeconds(), false, s.programDateTime(),
                    s.etag(), s.init(), s.start(), s.durationTicks(), s.gap()));
        }
        double longest = Math.max(listed.stream().mapToDouble(HlsSegment::durationSeconds).max().orElse(0),
                slots.stream().mapToLong(VodTimeline.Slot::durationTicks).max().orElse(0) / 90_000.0);
        int target = (int) Math.max(1, Math.round(longest));
        long mediaSequence = slots.isEmpty() ? 0 : slots.getFirst().sequence();
        Optional<MediaPlaylist.PlaylistType> type = switch (mode) {
            case VOD -> Optional.of(MediaPlaylist.PlaylistType.VOD);
            case EVENT -> Optional.of(MediaPlaylist.PlaylistType.EVENT);
            case SLIDING -> Optional.empty();
        };
        return new MediaPlaylist(version(rendition), target, mediaSequence, discontinuitySequence, listed,
                rendition.extension(), mode == VodMode.VOD, Optional.empty(), type).render();
    }

    /**
     * The master playlist, by the live master's rules: video variants by peak {@code BANDWIDTH} (the largest segment
     * bit rate), highest first, with {@code AVERAGE-BANDWIDTH}, {@code CODECS} (the video's and the audio group's),
     * {@code RESOLUTION} and {@code FRAME-RATE}; an {@code EXT-X-MEDIA} audio group when there is an audio rendition
     * besides video, and then the audio-only variant. Renditions without a segment are left out; empty when none
     * has one.
     */
    public static Optional<String> masterPlaylist(List<VodRendition> renditions) {
        List<VodRendition> playable = renditions.stream().filter(r -> !r.segments().isEmpty()).toList();
        List<VodRendition> video = video(playable);
        Optional<VodRendition> audio = audio(playable);
        Optional<AudioMedia> group = audio.isPresent() && !video.isEmpty()
                ? Optional.of(new AudioMedia(HlsChannel.AUDIO_GROUP, "Audio", audio.get().name() + "/index.m3u8"))
                : Optional.empty();
        Optional<VodRendition> grouped = group.isPresent() ? audio : Optional.empty();
        List<VariantStream> variants = new ArrayList<>();
        for (VodRendition v : video) {
            // the variant plays its audio group too: its bit rates and codecs count (§4.3.4.2)
            String codecs = v.track().codecs() + grouped.map(a -> "," + a.track().codecs()).orElse("");
            long peak = v.peakBandwidth() + grouped.map(VodRendition::peakBandwidth).orElse(0L);
            long average = v.averageBandwidth() + grouped.map(VodRendition::averageBandwidth).orElse(0L);
            variants.add(new VariantStream(peak, average, codecs,
                    Optional.of(v.track().width() + "x" + v.track().height()), v.track().frameRate(),
                    group.map(AudioMedia::group), v.name() + "/index.m3u8"));
        }
        // The audio-only variant, for links too slow for any picture (Apple's HLS authoring spec); the only one of
        // an audio-only broadcast.
        audio.ifPresent(a -> variants.add(new VariantStream(a.peakBandwidth(), a.averageBandwidth(),
                a.track().codecs(), Optional.empty(), OptionalDouble.empty(), group.map(AudioMedia::group),
                a.name() + "/index.m3u8")));
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        int version = playable.stream().mapToInt(VodPresentation::version).max().orElseThrow();
        return Optional.of(new MasterPlaylist(version, group, variants).render());
    }

    /**
     * A static MPD over the same segments (see {@link VodDash}); empty for MPEG-TS (no DASH for TS) or when nothing
     * is playable.
     *
     * @param publishTime its {@code publishTime}: which version of the recording's MPD this is
     */
    public static Optional<String> dashManifest(List<VodRendition> renditions, Instant publishTime) {
        if (renditions.stream().anyMatch(r -> !r.fmp4())) {
            return Optional.empty();
        }
        List<VodRendition> playable = renditions.stream().filter(r -> !r.segments().isEmpty()).toList();
        return reference(playable).flatMap(ref -> VodDash.build(ref, video(playable), audio(playable), publishTime))
                .map(mpd -> mpd.render(publishTime));
    }

    /** Video renditions by peak bandwidth, highest first: AVPlayer starts with the first listed (as live). */
    static List<VodRendition> video(List<VodRendition> playable) {
        return playable.stream().filter(r -> !r.track().audio())
                .sorted(Comparator.comparingLong(VodRendition::peakBandwidth).reversed()).toList();
    }

    /** The audio rendition: {@code audio} with fMP4, an audio-only MPEG-TS source. */
    static Optional<VodRendition> audio(List<VodRendition> playable) {
        return playable.stream().filter(r -> r.track().audio()).findFirst();
    }

    /** Version 6 for fMP4 ({@code EXT-X-MAP}), 3 for MPEG-TS, as live. */
    private static int version(VodRendition r) {
        return r.fmp4() ? MediaPlaylist.VERSION_FMP4 : MediaPlaylist.VERSION_TS;
    }
}
