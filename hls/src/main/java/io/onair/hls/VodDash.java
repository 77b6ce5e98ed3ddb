package io.onair.hls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The static MPD of a recording (ISO/IEC 23009-1, profile {@code isoff-live:2011}, as the live one): one Period per
 * run of the reference's segments between its discontinuities, init changes and holes (a {@code $Number$} timeline
 * cannot skip a number), Periods back to back from 0, each offset to its first segment's media time
 * ({@code presentationTimeOffset}); per rendition a {@code SegmentTimeline} in the track's timescale with the live
 * URIs ({@code $RepresentationID$/$Number$.m4s}, {@code init-{n}.mp4}).
 *
 * <p>A rendition that lacks some of a Period's segments (it started late, missed one) is represented by its longest
 * run of consecutive segments with one init there: a timeline with {@code startNumber} can start late or end early,
 * not skip a number. Left out of a Period where it has none.
 */
final class VodDash {
    private VodDash() {
    }

    /**
     * @param video in master playlist order
     */
    static Optional<DashManifest> build(VodRendition reference, List<VodRendition> video, Optional<VodRendition> audio,
            Instant publishTime) {
        List<List<VodSegment>> runs = runs(reference.segments());
        if (runs.isEmpty() || reference.segments().getFirst().init().isEmpty()) {
            return Optional.empty();
        }
        List<DashManifest.Period> periods = new ArrayList<>();
        Duration start = Duration.ZERO;
        for (List<VodSegment> run : runs) {
            long from = run.getFirst().sequence();
            long to = run.getLast().sequence();
            long offset = run.getFirst().start();
            Duration length = ticks(run.stream().mapToLong(VodSegment::durationTicks).sum());
            List<DashManifest.Representation> reps = new ArrayList<>();
            video.forEach(v -> representation(v, from, to, offset).ifPresent(reps::add));
            periods.add(new DashManifest.Period("p" + from, start, Optional.of(length), reps,
                    audio.flatMap(a -> representation(a, from, to, offset))));
            start = start.plus(length);
        }
        long longest = reference.segments().stream().mapToLong(VodSegment::durationTicks).max().orElseThrow();
        // minBufferTime: the HLS target duration, one segment, as the live MPD uses the configured target.
        Duration minBuffer = Duration.ofSeconds(Math.max(1, Math.round(longest / 90_000.0)));
        return Optional.of(new DashManifest(false, reference.segments().getFirst().programDateTime(),
                Optional.of(publishTime), Duration.ZERO, Duration.ZERO, Duration.ZERO, minBuffer, periods));
    }

    /**
     * The segments split where a Representation's {@code SegmentTemplate} cannot go on: a discontinuity, a new
     * init segment, a skipped number.
     */
    static List<List<VodSegment>> runs(List<VodSegment> segments) {
        List<List<VodSegment>> runs = new ArrayList<>();
        VodSegment prev = null;
        for (VodSegment s : segments) {
            if (prev == null || s.discontinuity() || !s.init().equals(prev.init())
                    || s.sequence() != prev.sequence() + 1) {
                runs.add(new ArrayList<>());
            }
            runs.getLast().add(s);
            prev = s;
        }
        return runs;
    }

    /**
     * @param offset90k the Period's media start: the reference's first segment in it
     */
    private static Optional<DashManifest.Representation> representation(VodRendition r, long from, long to,
            long offset90k) {
        List<VodSegment> within = r.segments().stream().filter(s -> s.sequence() >= from && s.sequence() <= to)
                .toList();
        List<VodSegment> longest = List.of();
        for (List<VodSegment> run : runs(within)) {
            if (run.size() > longest.size()) {
                longest = run;
            }
        }
        if (longest.isEmpty() || longest.getFirst().init().isEmpty()) {
            return Optional.empty();
        }
        VodTrack t = r.track();
        long timescale = t.audio() ? t.sampleRate() : 90_000;
        List<HlsSegment> run = longest.stream().map(s -> s.listed(s.discontinuity())).toList();
        Optional<String> frameRate = t.frameRate().isPresent()
                ? Optional.of(DashBuilder.frameRate(t.frameRate().getAsDouble())) : Optional.empty();
        return Optional.of(new DashManifest.Representation(r.name(), r.peakBandwidth(), t.codecs(), t.width(),
                t.height(), frameRate, t.audio() ? t.sampleRate() : 0, t.audio() ? t.channels() : 0, timescale,
                DashBuilder.scale(offset90k, timescale), longest.getFirst().init().getAsLong(),
                longest.getFirst().sequence(), DashBuilder.timeline(run, timescale)));
    }

    private static Duration ticks(long ticks90k) {
        return Duration.ofNanos(ticks90k * 100_000L / 9);
    }
}
