package io.onair.stream;

import io.onair.media.MediaFrame;
import java.time.Instant;
import java.util.Objects;

/** What a {@link FrameReader} delivers, in publication order. */
public sealed interface StreamEvent {

    /**
     * A frame, after the publication's timing repairs.
     *
     * @param arrival the injected clock when the publisher wrote it: the ingest wall clock, for program date-times
     */
    record Frame(MediaFrame frame, Instant arrival) implements StreamEvent {
        public Frame {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(arrival, "arrival");
        }
    }

    /**
     * The timestamps jumped (encoder restart, clock reset): frames after this marker are on a new timeline and must
     * not be joined to the earlier ones (SRS #4586 stopped segmenting on exactly this). HLS emits
     * {@code EXT-X-DISCONTINUITY}. Never dropped: a reader that drops frames across one still receives it before
     * the frame it resumes at.
     *
     * @param description what was seen, for logs, e.g. {@code video dts 3600.000 s -> 0.000 s}
     */
    record Discontinuity(String description) implements StreamEvent {
        public Discontinuity {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * A video keyframe has begun to arrive; its {@link Frame}, with these timestamps, comes once all of it is in.
     * Delivered only to readers that asked for them ({@link Publication#subscribe(String, int, boolean)}), never
     * cached or replayed, and a promise of nothing: the frame may not come (the connection ended, the reader
     * dropped it), and the reader must then go on as if no hint had been given.
     *
     * @param dts     90 kHz, after the publication's timing checks
     * @param pts     90 kHz
     * @param arrival the injected clock when the start arrived
     */
    record KeyframeStart(long dts, long pts, Instant arrival) implements StreamEvent {
        public KeyframeStart {
            Objects.requireNonNull(arrival, "arrival");
        }
    }

    /** The publication ended; the last event a reader receives (repeated on every later {@code take}). */
    record End(EndReason reason) implements StreamEvent {
        public End {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
