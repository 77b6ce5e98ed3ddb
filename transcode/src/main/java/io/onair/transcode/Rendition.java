package io.onair.transcode;

import java.util.OptionalDouble;

/**
 * A rung as chosen for one source: its output size and whether frames are thinned.
 *
 * @param thinTo the frame rate the source is thinned to, when it is faster than the rung allows
 */
public record Rendition(Rung rung, int width, int height, OptionalDouble thinTo) {
    public String name() {
        return rung.name();
    }
}
