package io.onair.media.flv;

/**
 * Turns RTMP's 32-bit millisecond timestamps, which wrap after 49.7 days (and start anywhere when an encoder
 * resumes), into a 64-bit clock: each timestamp is taken relative to the previous one as a signed 32-bit
 * difference, so crossing 2^32 continues upwards and the small backward steps of interleaved audio and video stay
 * small backward steps. Not thread-safe: one per connection.
 */
public final class TimestampUnwrapper {
    private boolean started;
    private long lastRaw;
    private long lastUnwrapped;

    /** @param raw the 32-bit timestamp, as an unsigned value in the low 32 bits */
    public long unwrap(long raw) {
        raw &= 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            lastRaw = raw;
            lastUnwrapped = raw;
            return raw;
        }
        int delta = (int) (raw - lastRaw);
        lastRaw = raw;
        lastUnwrapped += delta;
        return lastUnwrapped;
    }

    /** What {@link #unwrap} would return for {@code raw}, without moving the clock (a message still arriving). */
    public long peek(long raw) {
        raw &= 0xFFFF_FFFFL;
        return started ? lastUnwrapped + (int) (raw - lastRaw) : raw;
    }
}
