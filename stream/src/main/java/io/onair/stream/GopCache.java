package io.onair.stream;

import io.onair.media.VideoFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The events since the latest video keyframe, so that a reader joining mid-stream starts decoding at once instead
 * of waiting up to a GOP (SRS's {@code SrsGopCache}). Bounded in bytes: past the limit the GOP is forgotten and late
 * readers wait for the next keyframe. Audio-only streams cache nothing (every audio frame is a starting point).
 * Guarded by the publication's lock.
 */
final class GopCache {
    private final long maxBytes;
    private final List<StreamEvent> events = new ArrayList<>();
    private long bytes;
    private boolean valid;

    GopCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(StreamEvent event) {
        if (event instanceof StreamEvent.Frame f && f.frame() instanceof VideoFrame v && v.keyframe()) {
            events.clear();
            bytes = 0;
            valid = true;
        }
        if (!valid) {
            return;
        }
        if (event instanceof StreamEvent.Frame f) {
            bytes += f.frame().data().length;
            if (bytes > maxBytes) {
                clear();
                return;
            }
        }
        events.add(event);
    }

    void clear() {
        events.clear();
        bytes = 0;
        valid = false;
    }

    /** The cached GOP, starting at a keyframe; empty when there is none (no video yet, or over the limit). */
    List<StreamEvent> events() {
        return List.copyOf(events);
    }

    long bytes() {
        return bytes;
    }
}
