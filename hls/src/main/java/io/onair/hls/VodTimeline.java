package io.onair.hls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The numbering of a recording: the reference rendition's sequence numbers (the source's, else the audio's), each
 * with its duration, holes included, and every rendition laid onto it. What makes the renditions of a replay list
 * the same numbers with the same durations, so players switch at any segment.
 */
final class VodTimeline {
    private static final byte[] NO_BYTES = new byte[0];

    /** One sequence number of the reference; {@code recorded} false for a hole in its own recording. */
    record Slot(long sequence, long start, long durationTicks, boolean discontinuity, java.time.Instant date,
            boolean recorded) {
    }

    /**
     * How far behind the reference a growing recording's rendition may be before the numbers it lacks are listed as
     * gaps: a transcoded segment is recorded about a second after the source's, and the origin gives a transcoder
     * {@link HlsChannel#TRANSCODE_DRAIN} to deliver after the source ended. A rung the transcoder dropped (issue 3)
     * gets gaps from then on, so a viewer rewound on it is moved to another rung by the player (hls.js loads a gap
     * from another level) instead of waiting at the drop for segments that never come.
     */
    static final Duration SETTLED = HlsChannel.TRANSCODE_DRAIN;

    private VodTimeline() {
    }

    /**
     * The reference's segments, from its first, with the numbers it lacks between two of them (the recorder lost
     * one) as holes. A hole lasts what the media timeline says is missing, shared among its numbers, when the next
     * segment continues that timeline; across a discontinuity nothing says how long it was, and each missing number
     * gets the previous segment's duration (as the live origin lists a gap of unknown length with the target).
     */
    static List<Slot> slots(VodRendition reference) {
        List<Slot> slots = new ArrayList<>();
        VodSegment prev = null;
        for (VodSegment s : reference.segments()) {
            if (prev != null && s.sequence() > prev.sequence() + 1) {
                long missing = s.sequence() - prev.sequence() - 1;
                long end = prev.start() + prev.durationTicks();
                long span = s.discontinuity() ? 0 : s.start() - end;
                long each = span >= missing ? span / missing : prev.durationTicks();
                for (long k = 0; k < missing; k++) {
                    long ticks = span >= missing && k == missing - 1 ? span - each * (missing - 1) : each;
                    slots.add(new Slot(prev.sequence() + 1 + k, end + k * each, ticks, false,
                            prev.programDateTime().plus(Duration.ofNanos((prev.durationTicks() + k * each)
                                    * 100_000L / 9)), false));
                }
            }
            slots.add(new Slot(s.sequence(), s.start(), s.durationTicks(), s.discontinuity(), s.programDateTime(),
                    true));
            prev = s;
        }
        return slots;
    }

    /**
     * {@code rendition} on the reference's numbering, as segments to list: its own where it has one (its duration,
     * date and init), an {@code EXT-X-GAP} with the reference's duration where it has none (RFC 8216bis §4.4.4.7).
     * Its segments outside the numbering are left out. A discontinuity of the reference is one of every rendition.
     *
     * @param trailingGaps list the numbers after its last segment as gaps too (a finished recording: they will
     *                     never come); otherwise only those at least {@link #SETTLED} older than the reference's
     *                     newest are: the others may still be recorded (a transcoded segment arrives after the
     *                     source's), and an {@code EVENT} playlist may only grow (RFC 8216 §6.2.1), so a gap listed
     *                     could not become a segment later
     */
    static List<HlsSegment> align(VodRendition rendition, List<Slot> slots, boolean trailingGaps) {
        Map<Long, VodSegment> own = new HashMap<>();
        rendition.segments().forEach(s -> own.put(s.sequence(), s));
        long last = Long.MIN_VALUE;
        OptionalLong map = OptionalLong.empty();
        for (Slot slot : slots) {
            VodSegment s = own.get(slot.sequence());
            if (s != null) {
                last = slot.sequence();
                if (map.isEmpty()) {
                    map = s.init(); // leading gaps name the init of its first segment, so EXT-X-MAP comes first
                }
            }
        }
        long settled = trailingGaps ? Long.MAX_VALUE : settledThrough(slots);
        List<HlsSegment> listed = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.sequence() > last && slot.sequence() > settled) {
                break;
            }
            VodSegment s = own.get(slot.sequence());
            if (s != null) {
                listed.add(s.listed(slot.discontinuity() || s.discontinuity()));
                map = s.init();
            } else {
                listed.add(new HlsSegment(slot.sequence(), NO_BYTES, slot.durationTicks() / 90_000.0,
                        slot.discontinuity(), slot.date(), "gap", map, slot.start(), slot.durationTicks(), true));
            }
        }
        return listed;
    }

    /** The last number whose end is at least {@link #SETTLED} before the end of the reference's newest segment. */
    private static long settledThrough(List<Slot> slots) {
        if (slots.isEmpty()) {
            return Long.MIN_VALUE;
        }
        java.time.Instant newest = end(slots.getLast()).minus(SETTLED);
        long through = Long.MIN_VALUE;
        for (Slot slot : slots) {
            if (end(slot).isAfter(newest)) {
                break;
            }
            through = slot.sequence();
        }
        return through;
    }

    private static java.time.Instant end(Slot slot) {
        return slot.date().plusNanos(slot.durationTicks() * 100_000L / 9);
    }
}
