package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the channel's {@link DashManifest} from its renditions' live windows: one Period per run of segments
 * between the source's discontinuities, a video Representation per video rendition with a contiguous timeline, the
 * audio rendition as the audio AdaptationSet. Under the channel's lock; keeps the Period starts and the
 * availability start time stable across updates, as a dynamic MPD must (ISO/IEC 23009-1 §5.4).
 */
final class DashBuilder {
    private final HlsSettings settings;
    /** Period start (seconds after availabilityStartTime) by the sequence number of its first segment. */
    private final TreeMap<Long, Duration> periods = new TreeMap<>();
    private Optional<Instant> availabilityStart = Optional.empty();
    /**
     * What the last manifest was built from, and that manifest. The channel publishes on every part of every
     * rendition (several times a second), but a manifest lists segments only: it is rebuilt when a rendition's
     * listed segments changed, and otherwise the same one is published again (its publishTime then stays that of
     * its last change, as ISO/IEC 23009-1 §5.3.1.2 has it).
     */
    private List<Object> builtFrom = List.of();
    private Optional<DashManifest> built = Optional.empty();

    DashBuilder(HlsSettings settings) {
        this.settings = settings;
    }

    /** A new playlist life (after EXT-X-ENDLIST): a new presentation. */
    void reset() {
        periods.clear();
        availabilityStart = Optional.empty();
        builtFrom = List.of();
        built = Optional.empty();
    }

    /**
     * @param main   the rendition whose discontinuities define Periods (source video, else audio)
     * @param video  video renditions, in master playlist order
     * @param ended  the stream ended: a static MPD
     */
    Optional<DashManifest> build(Rendition main, List<Rendition> video, Optional<Rendition> audio, boolean ended,
            Instant now) {
        List<Object> from = new ArrayList<>(4 * (video.size() + 2));
        from.add(ended);
        for (Rendition r : video) {
            from.add(r); // identity: a rendition that left and one that came are different renditions
            from.add(r.window());
            from.add(r.window().listedRange());
        }
        Stream.concat(Stream.of(main), audio.stream()).forEach(r -> {
            from.add(r);
            from.add(r.window());
            from.add(r.window().listedRange());
        });
        if (from.equals(builtFrom)) {
            return built;
        }
        built = buildNew(main, video, audio, ended, now);
        builtFrom = from;
        return built;
    }

    private Optional<DashManifest> buildNew(Rendition main, List<Rendition> video, Optional<Rendition> audio,
            boolean ended, Instant now) {
        List<HlsSegment> listed = main.window().listed().stream().filter(s -> !s.gap()).toList();
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        for (HlsSegment s : listed) {
            // PDT advances with media time within a run, so PDT - media time is the run's wall-clock origin.
            Instant origin = s.programDateTime().minusNanos(s.start() * 100_000L / 9);
            if (availabilityStart.isEmpty()) {
                availabilityStart = Optional.of(origin);
            }
            if (periods.isEmpty() || s.discontinuity() || periods.floorKey(s.sequence()) == null) {
                periods.putIfAbsent(s.sequence(), Duration.between(availabilityStart.get(), origin));
            }
        }
        Long firstKey = periods.floorKey(listed.getFirst().sequence());
        periods.headMap(firstKey, false).clear();

        List<DashManifest.Period> out = new ArrayList<>();
        Duration staticStart = Duration.ZERO;
        List<Map.Entry<Long, Duration>> keys = new ArrayList<>(periods.entrySet());
        for (int i = 0; i < keys.size(); i++) {
            long from = keys.get(i).getKey();
            long to = i + 1 < keys.size() ? keys.get(i + 1).getKey() : Long.MAX_VALUE;
            List<HlsSegment> mainRun = run(main, from, to);
            if (mainRun.isEmpty()) {
                continue;
            }
            long runStart = mainRun.getFirst().start();
            long runTicks = mainRun.stream().mapToLong(HlsSegment::durationTicks).sum();
            List<DashManifest.Representation> reps = new ArrayList<>();
            for (Rendition r : video) {
                representation(r, from, to, ended ? runStart : 0).ifPresent(reps::add);
            }
            Optional<DashManifest.Representation> audioRep = audio.flatMap(a ->
                    representation(a, from, to, ended ? runStart : 0));
            Duration start = ended ? staticStart : keys.get(i).getValue();
            Optional<Duration> length = ended ? Optional.of(Duration.ofNanos(runTicks * 100_000L / 9))
                    : Optional.empty();
            staticStart = staticStart.plus(Duration.ofNanos(runTicks * 100_000L / 9));
            out.add(new DashManifest.Period("p" + from, start, length, reps, audioRep));
        }
        Duration target = settings.targetDuration();
        Duration window = Duration.ofNanos(listed.stream().mapToLong(HlsSegment::durationTicks).sum() * 100_000L / 9);
        return Optional.of(new DashManifest(!ended, availabilityStart.get(), ended ? Optional.empty()
                : Optional.of(now), target, window,
                target.multipliedBy(3), target, out));
    }

    /** The rendition's last contiguous run of segments with one init segment within [from, to). */
    private static List<HlsSegment> run(Rendition r, long from, long to) {
        List<HlsSegment> all = r.window().listed();
        List<HlsSegment> run = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            HlsSegment s = all.get(i);
            if (s.sequence() >= to) {
                continue;
            }
            if (s.sequence() < from || s.gap()) {
                break;
            }
            if (!run.isEmpty() && (!run.getFirst().init().equals(s.init()) || run.getFirst().discontinuity())) {
                break;
            }
            run.addFirst(s);
        }
        return run;
    }

    /**
     * @param offset90k the Period's media start (static MPD), 0 in a live MPD
     */
    private static Optional<DashManifest.Representation> representation(Rendition r, long from, long to,
            long offset90k) {
        List<HlsSegment> run = run(r, from, to);
        Optional<WindowStats> stats = r.window().stats();
        if (run.isEmpty() || stats.isEmpty() || run.getFirst().init().isEmpty()) {
            return Optional.empty();
        }
        WindowStats st = stats.get();
        long timescale = st.video().isPresent() ? 90_000 : st.audio().map(AudioConfig::sampleRate).orElse(90_000);
        List<DashManifest.Entry> timeline = timeline(run, timescale);
        String codecs = st.video().map(VideoConfig::codecsString)
                .orElseGet(() -> st.audio().map(AudioConfig::codecsString).orElse(""));
        Optional<String> frameRate = st.frameRate().isPresent()
                ? Optional.of(frameRate(st.frameRate().getAsDouble())) : Optional.empty();
        return Optional.of(new DashManifest.Representation(r.name(), st.peakBandwidth(), codecs,
                st.video().map(VideoConfig::width).orElse(0), st.video().map(VideoConfig::height).orElse(0),
                frameRate, st.audio().filter(a -> st.video().isEmpty()).map(AudioConfig::sampleRate).orElse(0),
                st.audio().filter(a -> st.video().isEmpty()).map(AudioConfig::channels).orElse(0), timescale,
                scale(offset90k, timescale), run.getFirst().init().getAsLong(), run.getFirst().sequence(),
                timeline));
    }

    /**
     * The {@code SegmentTimeline} of a contiguous run of segments in {@code timescale}: each segment lasts until the
     * next one starts (no rounding drift between them), the last its own duration; equal durations in a row are
     * one {@code S} with a repeat count.
     */
    static List<DashManifest.Entry> timeline(List<HlsSegment> run, long timescale) {
        List<DashManifest.Entry> timeline = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            HlsSegment s = run.get(i);
            long t = scale(s.start(), timescale);
            long end = i + 1 < run.size() ? scale(run.get(i + 1).start(), timescale)
                    : t + scale(s.durationTicks(), timescale);
            long d = end - t;
            if (!timeline.isEmpty() && timeline.getLast().d() == d) {
                DashManifest.Entry last = timeline.removeLast();
                timeline.add(new DashManifest.Entry(last.t(), d, last.r() + 1));
            } else {
                timeline.add(new DashManifest.Entry(t, d, 0));
            }
        }
        return timeline;
    }

    /** 90 kHz to {@code timescale}, rounded half up as the fMP4 muxer's audio clock converts. */
    static long scale(long ticks90k, long timescale) {
        if (timescale == 90_000) {
            return ticks90k;
        }
        long seconds = Math.floorDiv(ticks90k, 90_000L);
        long rest = Math.floorMod(ticks90k, 90_000L);
        return seconds * timescale + (rest * timescale + 45_000) / 90_000;
    }

    /** A measured frame rate as DASH writes it: whole, or the NTSC rates as fractions (§5.3.12.2, FrameRateType). */
    static String frameRate(double fps) {
        for (int base : new int[] {24, 30, 60}) {
            if (Math.abs(fps - base * 1000 / 1001.0) < 0.005) {
                return base * 1000 + "/1001";
            }
        }
        return Long.toString(Math.round(fps));
    }

    NavigableMap<Long, Duration> periodsForTest() {
        return periods;
    }
}
