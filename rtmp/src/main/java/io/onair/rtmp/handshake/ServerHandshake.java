package io.onair.rtmp.handshake;

import static io.onair.rtmp.handshake.HandshakeDigest.DIGEST_SIZE;
import static io.onair.rtmp.handshake.HandshakeDigest.PACKET_SIZE;

import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The server's half of the handshake as a pure function of C1: S0+S1+S2. A plain C1 gets a plain S1 and an S2 that
 * echoes C1 (RTMP spec 5.2.3-5.2.4). A digest C1 gets an S1 signed under the same scheme and an S2 whose last 32
 * bytes are HMAC(HMAC(server key, C1 digest), S2[0..1504]), which ffmpeg and librtmp verify when they play.
 */
public final class ServerHandshake {
    public static final int RTMP_VERSION = 3;
    /** S1's version field when answering a digest C1: FMS 4.5.0.1; ffmpeg checks S1 digests when byte 0 >= 3. */
    static final int SERVER_VERSION = 0x04_05_00_01;

    private ServerHandshake() {
    }

    /** @return S0, S1 and S2: 3073 bytes */
    public static byte[] respond(byte[] c1, RandomGenerator random) {
        if (c1.length != PACKET_SIZE) {
            throw new IllegalArgumentException("C1 is " + PACKET_SIZE + " bytes, not " + c1.length);
        }
        Optional<DigestScheme> scheme = HandshakeDigest.clientScheme(c1);
        byte[] s1 = new byte[PACKET_SIZE];
        random.nextBytes(s1);
        Arrays.fill(s1, 0, 8, (byte) 0);
        byte[] s2;
        if (scheme.isPresent()) {
            putInt(s1, 4, SERVER_VERSION);
            HandshakeDigest.sign(s1, scheme.get(),
                    Arrays.copyOf(HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_TEXT));
            int c1DigestAt = scheme.get().digestOffset(c1);
            byte[] c1Digest = Arrays.copyOfRange(c1, c1DigestAt, c1DigestAt + DIGEST_SIZE);
            s2 = new byte[PACKET_SIZE];
            random.nextBytes(s2);
            byte[] key = HandshakeDigest.hmac(HandshakeDigest.SERVER_KEY, c1Digest, DIGEST_SIZE);
            byte[] signature = HandshakeDigest.hmac(key, s2, PACKET_SIZE - DIGEST_SIZE);
            System.arraycopy(signature, 0, s2, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
        } else {
            s2 = c1.clone();
        }
        byte[] out = new byte[1 + 2 * PACKET_SIZE];
        out[0] = RTMP_VERSION;
        System.arraycopy(s1, 0, out, 1, PACKET_SIZE);
        System.arraycopy(s2, 0, out, 1 + PACKET_SIZE, PACKET_SIZE);
        return out;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
