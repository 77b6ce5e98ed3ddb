package io.onair.media.fmp4;

/**
 * A sample as the test-side reader found it in a fragment; times in the track's timescale.
 *
 * @param sequence the mfhd sequence number of its fragment
 * @param flags    the sample flags in effect (trun, first-sample, tfhd or trex default)
 */
record ParsedSample(int trackId, long sequence, long dts, long pts, long duration, int flags, byte[] data) {
    boolean sync() {
        return (flags & 0x0001_0000) == 0;
    }
}
