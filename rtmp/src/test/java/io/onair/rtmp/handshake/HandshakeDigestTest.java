package io.onair.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Golden digests computed independently (Python's hmac over the same C1 pattern), and S1/S2 checked the way
 * ffmpeg's rtmpproto.c checks them when it plays.
 */
class HandshakeDigestTest {
    private static final HexFormat HEX = HexFormat.of();
    /** HMAC-SHA256("Genuine Adobe Flash Player 001", c1 without bytes 290..321) for {@link #knownC1()}. */
    private static final String DIGEST_FIRST_AT_290 =
            "f89f1f7af03c88aada0200583415ae45a083c4505de98ca5dd416f5e7d6b7374";
    /** The same for the key-first layout, digest at 942. */
    private static final String KEY_FIRST_AT_942 =
            "800bff09306b5703cdc89a8129090d0416f23e5177138ceb24137523ab8d6dfd";

    /** c1[i] = 7i + 3, version 9.0.124.2 (what ffmpeg announces). */
    static byte[] knownC1() {
        byte[] c1 = new byte[1536];
        for (int i = 0; i < c1.length; i++) {
            c1[i] = (byte) (i * 7 + 3);
        }
        c1[4] = 9;
        c1[5] = 0;
        c1[6] = 0x7C;
        c1[7] = 2;
        return c1;
    }

    @Test
    void digestOffsetsFollowBothSchemes() {
        byte[] c1 = knownC1();
        assertThat(DigestScheme.DIGEST_FIRST.digestOffset(c1)).isEqualTo(290);
        assertThat(DigestScheme.KEY_FIRST.digestOffset(c1)).isEqualTo(942);
    }

    @Test
    void acceptsAKnownDigestFirstC1() {
        byte[] c1 = knownC1();
        System.arraycopy(HEX.parseHex(DIGEST_FIRST_AT_290), 0, c1, 290, 32);
        assertThat(HandshakeDigest.clientScheme(c1)).contains(DigestScheme.DIGEST_FIRST);
    }

    @Test
    void acceptsAKnownKeyFirstC1() {
        byte[] c1 = knownC1();
        System.arraycopy(HEX.parseHex(KEY_FIRST_AT_942), 0, c1, 942, 32);
        assertThat(HandshakeDigest.clientScheme(c1)).contains(DigestScheme.KEY_FIRST);
    }

    @Test
    void aC1WithoutAValidDigestIsPlain() {
        byte[] c1 = knownC1();
        System.arraycopy(HEX.parseHex(DIGEST_FIRST_AT_290), 0, c1, 290, 32);
        c1[1000] ^= 1;
        assertThat(HandshakeDigest.clientScheme(c1)).isEmpty();
        assertThat(HandshakeDigest.clientScheme(new byte[1536])).isEmpty();
    }

    @Test
    void answersADigestC1WithASignedS1AndS2() throws Exception {
        byte[] c1 = knownC1();
        System.arraycopy(HEX.parseHex(DIGEST_FIRST_AT_290), 0, c1, 290, 32);
        byte[] out = ServerHandshake.respond(c1, new SplittableRandom(7));
        assertThat(out).hasSize(3073);
        assertThat(out[0]).isEqualTo((byte) 3);
        byte[] s1 = Arrays.copyOfRange(out, 1, 1537);
        byte[] s2 = Arrays.copyOfRange(out, 1537, 3073);
        assertThat(Arrays.copyOfRange(s1, 0, 8)).containsExactly(0, 0, 0, 0, 4, 5, 0, 1);

        // ffmpeg: S1's digest under the server's 36-byte key at the client's scheme position
        int s1At = DigestScheme.DIGEST_FIRST.digestOffset(s1);
        byte[] expectedS1 = hmac("Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII),
                concat(Arrays.copyOfRange(s1, 0, s1At), Arrays.copyOfRange(s1, s1At + 32, 1536)));
        assertThat(Arrays.copyOfRange(s1, s1At, s1At + 32)).isEqualTo(expectedS1);

        // ffmpeg: key = HMAC(full 68-byte server key, C1 digest); S2's tail = HMAC(key, S2[0..1504])
        byte[] key = hmac(HandshakeDigest.SERVER_KEY, HEX.parseHex(DIGEST_FIRST_AT_290));
        assertThat(Arrays.copyOfRange(s2, 1504, 1536)).isEqualTo(hmac(key, Arrays.copyOf(s2, 1504)));
        assertThat(HandshakeDigest.SERVER_KEY).hasSize(68);
        assertThat(HandshakeDigest.PLAYER_KEY).hasSize(62);
    }

    @Test
    void answersAPlainC1WithAnEcho() {
        byte[] c1 = knownC1();
        byte[] out = ServerHandshake.respond(c1, new SplittableRandom(7));
        assertThat(Arrays.copyOfRange(out, 1537, 3073)).isEqualTo(c1);
        assertThat(Arrays.copyOfRange(out, 1, 9)).containsOnly(0);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
