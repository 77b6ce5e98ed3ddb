package io.onair.media.ts;

import java.io.ByteArrayOutputStream;

/** A reusable ByteArrayOutputStream whose array is read in place, so a PES is assembled without copies. */
final class PesBuffer extends ByteArrayOutputStream {
    PesBuffer(int size) {
        super(size);
    }

    byte[] array() {
        return buf;
    }
}
