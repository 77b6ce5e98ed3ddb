package io.onair.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 arithmetic of the digest handshake, with the well-known constants every interoperable
 * implementation carries (librtmp, ffmpeg's rtmpproto.c, SRS, nginx-rtmp): the first 30 bytes of the player key
 * sign C1, the first 36 of the server key sign S1, and the full 68-byte server key, hashed with C1's digest,
 * signs S2.
 */
public final class HandshakeDigest {
    public static final int PACKET_SIZE = 1536;
    public static final int DIGEST_SIZE = 32;

    private static final byte[] KEY_TAIL = {
            (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
            0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
            0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
            (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE};
    /** "Genuine Adobe Flash Player 001" + tail: 62 bytes; C1 is signed with the first 30. */
    static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
    /** "Genuine Adobe Flash Media Server 001" + tail: 68 bytes; S1 is signed with the first 36. */
    static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
    static final int PLAYER_KEY_TEXT = 30;
    static final int SERVER_KEY_TEXT = 36;

    private HandshakeDigest() {
    }

    /** The scheme under which {@code c1} carries a valid client digest, or empty for a plain C1. */
    public static Optional<DigestScheme> clientScheme(byte[] c1) {
        for (DigestScheme scheme : DigestScheme.values()) {
            int offset = scheme.digestOffset(c1);
            byte[] expected = packetDigest(c1, offset, Arrays.copyOf(PLAYER_KEY, PLAYER_KEY_TEXT));
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(c1, offset, offset + DIGEST_SIZE))) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    /** Writes the digest of {@code packet} (all bytes but the digest's own 32) into its slot for {@code scheme}. */
    static void sign(byte[] packet, DigestScheme scheme, byte[] key) {
        int offset = scheme.digestOffset(packet);
        System.arraycopy(packetDigest(packet, offset, key), 0, packet, offset, DIGEST_SIZE);
    }

    static byte[] packetDigest(byte[] packet, int offset, byte[] key) {
        Mac mac = mac(key);
        mac.update(packet, 0, offset);
        mac.update(packet, offset + DIGEST_SIZE, packet.length - offset - DIGEST_SIZE);
        return mac.doFinal();
    }

    static byte[] hmac(byte[] key, byte[] data, int length) {
        Mac mac = mac(key);
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(String text, byte[] tail) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
