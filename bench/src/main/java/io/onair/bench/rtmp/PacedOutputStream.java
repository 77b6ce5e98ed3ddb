package io.onair.bench.rtmp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * An encoder's uplink: bytes leave at most at {@code bitsPerSecond}, in slices of {@link #SLICE} bytes, each written
 * when the link would have carried the ones before it. On loopback a write otherwise lands at once, so a 150 KB
 * keyframe "arrives" within a tenth of a millisecond; behind a 5 Mbit/s uplink it takes a quarter of a second, and
 * what a server does before all of it is in starts to matter.
 */
public final class PacedOutputStream extends FilterOutputStream {
    /** One RTMP chunk of the publisher's: fine enough (6.6 ms at 5 Mbit/s), few enough system calls. */
    static final int SLICE = RtmpPublisher.CHUNK_SIZE;

    private final double nanosPerByte;
    private long nextFree = System.nanoTime();

    public PacedOutputStream(OutputStream out, long bitsPerSecond) {
        super(out);
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("uplink of " + bitsPerSecond + " bit/s");
        }
        this.nanosPerByte = 8e9 / bitsPerSecond;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int at = off; at < off + len; at += SLICE) {
            int n = Math.min(SLICE, off + len - at);
            long wait = nextFree - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            out.write(b, at, n);
            // The link carries this slice from now (or from when it is free): no credit for idle time is kept.
            nextFree = Math.max(nextFree, System.nanoTime()) + (long) (n * nanosPerByte);
        }
    }
}
