package io.onair.transcode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The transcoded rungs of a channel's ladder, highest first. The {@code source} rendition is not part of it: the
 * packager passes the ingest through untouched.
 */
public record Ladder(List<Rung> rungs) {
    /**
     * One ffmpeg decodes once and encodes every rung; past six renditions players gain no useful switching steps
     * and a small server runs out of cores (each 720p x264 veryfast encode wants about one).
     */
    public static final int MAX_RUNGS = 6;

    /** A source faster than the rung's fps by more than this is thinned (60 → 30, not 30.3 → 30). */
    static final double FPS_TOLERANCE = 1.05;

    public Ladder {
        rungs = rungs.stream().sorted(Comparator.comparingInt(Rung::height).thenComparingInt(Rung::videoKbps)
                .reversed()).toList();
        if (rungs.size() > MAX_RUNGS) {
            throw new IllegalArgumentException("ladder has " + rungs.size() + " rungs, at most " + MAX_RUNGS
                    + " are allowed");
        }
        Set<String> names = new HashSet<>();
        for (Rung rung : rungs) {
            if (!names.add(rung.name())) {
                throw new IllegalArgumentException("ladder: rung name '" + rung.name() + "' is used twice");
            }
        }
    }

    /** 720p30 at 2.5 Mbit/s, 480p30 at 1.2 Mbit/s, 360p30 at 0.6 Mbit/s (the ladder; Apple's HLS authoring
     * spec lists similar steps). */
    public static Ladder defaults() {
        return new Ladder(List.of(Rung.of("720p", 720, 30, 2500), Rung.of("480p", 480, 30, 1200),
                Rung.of("360p", 360, 30, 600)));
    }

    /**
     * The rungs worth encoding for this source, highest first: a rung at or above the source's size or bitrate
     * would spend CPU to look no better than the passthrough rendition, so it is skipped (a 720p source at
     * 2.5 Mbit/s yields 480p and 360p). An unknown bitrate (0) skips nothing on bitrate.
     *
     * <p>A rung's height is the picture's short side, as players and video sites name sizes: a portrait phone
     * stream of 1080x1920 is "1080p", and its 720p rung is 720x1280 with the rung's bitrate for as many pixels
     * as 1280x720. By the height alone it was 406x720, narrower than the 720p a viewer picks it for.
     */
    public List<Rendition> select(SourceInfo source) {
        boolean portrait = source.height() > source.width();
        int shortSide = portrait ? source.width() : source.height();
        List<Rendition> out = new ArrayList<>();
        for (Rung rung : rungs) {
            if (rung.height() >= shortSide) {
                continue;
            }
            if (source.videoKbps() > 0 && rung.videoKbps() >= source.videoKbps()) {
                continue;
            }
            int side = rung.height();
            out.add(portrait
                    ? new Rendition(rung, side, even((double) side * source.height() / source.width()),
                            thinning(source, rung))
                    : new Rendition(rung, width(source, side), side, thinning(source, rung)));
        }
        return List.copyOf(out);
    }

    /** The width that keeps the source's aspect ratio at {@code height}, rounded to an even number. */
    static int width(SourceInfo source, int height) {
        return even((double) height * source.width() / source.height());
    }

    /** Rounded to the nearest even number (H.264 4:2:0 needs even dimensions), at least 2. */
    private static int even(double size) {
        return (int) Math.max(2, Math.round(size / 2) * 2);
    }

    private static OptionalDouble thinning(SourceInfo source, Rung rung) {
        return source.fps() > rung.fps() * FPS_TOLERANCE ? OptionalDouble.of(rung.fps()) : OptionalDouble.empty();
    }
}
