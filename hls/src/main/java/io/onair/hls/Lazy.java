package io.onair.hls;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value of a snapshot computed when first asked for, then kept: a playlist's text, the MPD. A snapshot is
 * published on every part and segment of every rendition, but most of its playlists are never requested before the
 * next one replaces them; rendering them all eagerly put every rendition's playlist on the path from a segment's
 * completion to its listing (measured at 0.2 to 0.5 ms per publish with two renditions, docs/benchmarks.md §1), and
 * building the MPD another 0.2 to 0.9 ms. Now the listing is a reference swap and the reader who wants a playlist
 * computes just that one, once: readers racing on the first use may each compute it, which is harmless because the
 * computation is a pure function of immutable values (or, for the MPD, of the channel's state under its lock).
 */
final class Lazy<T> {
    private final Supplier<T> compute;
    private volatile T value;

    Lazy(Supplier<T> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    T get() {
        T v = value;
        if (v == null) {
            v = Objects.requireNonNull(compute.get(), "a lazy value");
            value = v;
        }
        return v;
    }
}
