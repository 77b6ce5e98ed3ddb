package io.onair.media.h264;

/** Receives one NAL unit as a slice of a larger buffer, so that walking an access unit allocates nothing. */
@FunctionalInterface
public interface NaluVisitor {
    void nalu(byte[] buffer, int offset, int length);
}
