package io.onair.app.live;

import org.springframework.web.socket.TextMessage;

/**
 * A room's last broadcast frames, numbered: one appender (the room, under its lock) and any number of readers (the
 * connections' writers), each with its own position, none of which ever waits. A ring: frame {@code n} is in slot
 * {@code n mod size} until frame {@code n + size} takes its place, so a reader more than {@code size} frames behind
 * finds another frame in the slot ({@link #get} returns null) and is too slow; the room closes a connection well
 * before that (at half the size, see {@link Room#add}).
 *
 * <p>Each slot holds an immutable {@link Entry} with its number: a reader reads {@link #head()} (a volatile read,
 * after which every entry appended before it is visible) and then the slots below it, and can tell from the number
 * whether the slot still holds the frame it wants, whatever the appender did meanwhile.
 */
final class FrameLog {
    /** One broadcast frame and its number in the room. Final fields: safe to read through a race. */
    record Entry(long seq, TextMessage frame) {
    }

    private volatile Entry[] slots;
    private volatile long head; // the number the next frame gets; frames [head - size, head) are in the slots

    FrameLog(int size) {
        slots = new Entry[powerOfTwo(size)];
    }

    /** The number of the next frame: a reader has written everything before it when its position equals this. */
    long head() {
        return head;
    }

    int size() {
        return slots.length;
    }

    /** Appends (the room's lock held) and returns the new head. */
    long append(TextMessage frame) {
        long seq = head;
        Entry[] s = slots;
        s[(int) (seq & (s.length - 1))] = new Entry(seq, frame);
        head = seq + 1; // publishes the slot
        return seq + 1;
    }

    /** Frame {@code seq}, or null when it has been overwritten (the reader is more than {@link #size} behind). */
    TextMessage get(long seq) {
        Entry[] s = slots;
        Entry e = s[(int) (seq & (s.length - 1))];
        return e != null && e.seq() == seq ? e.frame() : null;
    }

    /**
     * Grows the ring to at least {@code size} slots (the room's lock held), keeping the frames it holds: readers
     * that read the old array meanwhile find their frames there, readers that read the new one find them copied.
     */
    void atLeast(int size) {
        Entry[] old = slots;
        if (old.length >= size) {
            return;
        }
        Entry[] grown = new Entry[powerOfTwo(size)];
        for (Entry e : old) {
            if (e != null) {
                grown[(int) (e.seq() & (grown.length - 1))] = e;
            }
        }
        slots = grown;
    }

    /** The smallest power of two at least {@code size} (and 2): slot numbers are then a mask, not a division. */
    private static int powerOfTwo(int size) {
        return size <= 2 ? 2 : Integer.highestOneBit(size - 1) << 1;
    }
}
