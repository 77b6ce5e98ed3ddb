package io.onair.media;

/** Clock rates used in the media model. */
public final class Timebase {
    /** The MPEG system clock's 90 kHz, the unit of every {@link MediaFrame} timestamp. */
    public static final long MPEG = 90_000;

    private Timebase() {
    }

    public static long millisToMpeg(long millis) {
        return millis * 90;
    }

    public static long mpegToMillis(long ticks) {
        return Math.floorDiv(ticks, 90);
    }

    public static double mpegToSeconds(long ticks) {
        return ticks / (double) MPEG;
    }
}
