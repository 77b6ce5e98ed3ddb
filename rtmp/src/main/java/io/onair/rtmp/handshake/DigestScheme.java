package io.onair.rtmp.handshake;

/**
 * Where a digest ("complex", Flash Player 9+) handshake packet keeps its 32-byte HMAC-SHA256 digest. After the
 * 8-byte time/version prefix a C1/S1 holds two 764-byte blocks, a key block and a digest block, in either order;
 * the digest's position inside its block is the sum of the block's first four bytes modulo 728, plus those four.
 * SRS calls key-first "schema 0" and digest-first "schema 1"; ffmpeg and librtmp clients use digest-first.
 */
public enum DigestScheme {
    /** Digest block at bytes 772..1535: offset = (c1[772]+…+c1[775]) % 728 + 776. */
    KEY_FIRST(772),
    /** Digest block at bytes 8..771: offset = (c1[8]+…+c1[11]) % 728 + 12. */
    DIGEST_FIRST(8);

    private final int blockStart;

    DigestScheme(int blockStart) {
        this.blockStart = blockStart;
    }

    /** The offset of the 32-byte digest inside a 1536-byte C1/S1. */
    public int digestOffset(byte[] packet) {
        int sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += packet[blockStart + i] & 0xFF;
        }
        return sum % 728 + blockStart + 4;
    }
}
