package io.onair.hls;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A text rendered when first asked for, then kept. A snapshot is published on every part and segment of every
 * rendition, but most of its playlists are never requested before the next one replaces them; rendering them all
 * eagerly put every rendition's playlist on the path from a segment's completion to its listing (measured at 0.2 to
 * 0.5 ms per publish with two renditions, docs/benchmarks.md §1). Now the listing is a reference swap and the reader
 * who wants a playlist renders just that one, once: readers racing on the first use may each render it, which is
 * harmless because rendering is a pure function of immutable values.
 */
final class Rendered {
    private final Supplier<String> render;
    private volatile String text;

    Rendered(Supplier<String> render) {
        this.render = Objects.requireNonNull(render, "render");
    }

    String text() {
        String t = text;
        if (t == null) {
            t = render.get();
            text = t;
        }
        return t;
    }
}
