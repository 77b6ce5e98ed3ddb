package io.onair.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NalusTest {
    private static final HexFormat HEX = HexFormat.of();
    // An AUD, an IDR slice header fragment and an SEI, each framed three ways.
    private static final String AUD = "09f0";
    private static final String IDR = "65888400";
    private static final String SEI = "0605ff";

    @Test
    void splitsEveryLengthSize() {
        assertThat(Nalus.split(HEX.parseHex("02" + AUD + "04" + IDR), 1)).containsExactly(HEX.parseHex(AUD), HEX.parseHex(IDR));
        assertThat(Nalus.split(HEX.parseHex("0002" + AUD + "0004" + IDR), 2)).containsExactly(HEX.parseHex(AUD), HEX.parseHex(IDR));
        assertThat(Nalus.split(HEX.parseHex("00000002" + AUD + "00000004" + IDR), 4)).containsExactly(HEX.parseHex(AUD), HEX.parseHex(IDR));
    }

    @Test
    void convertsToFourByteLengthsAndThenToAnnexB() {
        byte[] length2 = HEX.parseHex("0002" + AUD + "0004" + IDR + "0003" + SEI);
        byte[] length4 = Nalus.toLength4(length2, 2);
        assertThat(HEX.formatHex(length4)).isEqualTo("00000002" + AUD + "00000004" + IDR + "00000003" + SEI);
        assertThat(Nalus.toLength4(length4, 4)).isSameAs(length4);
        assertThat(HEX.formatHex(Nalus.toAnnexB(length4))).isEqualTo("00000001" + AUD + "00000001" + IDR + "00000001" + SEI);
        assertThat(HEX.formatHex(Nalus.toLength4(HEX.parseHex("02" + AUD), 1))).isEqualTo("00000002" + AUD);
    }

    @Test
    void findsIdrSlices() {
        assertThat(Nalus.containsIdr(HEX.parseHex("00000002" + AUD + "00000004" + IDR))).isTrue();
        assertThat(Nalus.containsIdr(HEX.parseHex("00000002" + AUD + "00000004" + "41888400"))).isFalse();
        assertThat(Nalus.type((byte) 0x65)).isEqualTo(Nalus.TYPE_IDR);
        assertThat(Nalus.type((byte) 0x67)).isEqualTo(Nalus.TYPE_SPS);
    }

    @Test
    void removesEmulationPreventionBytes() {
        assertThat(HEX.formatHex(Nalus.unescape(HEX.parseHex("aa0000030100000300000003"), 1, 11))).isEqualTo("0000010000000000");
        assertThat(HEX.formatHex(Nalus.unescape(HEX.parseHex("000003"), 0, 3))).isEqualTo("0000");
        assertThat(HEX.formatHex(Nalus.unescape(HEX.parseHex("0003"), 0, 2))).isEqualTo("0003");
    }

    @Test
    void rejectsBadFraming() {
        assertError(() -> Nalus.split(HEX.parseHex("0005" + AUD), 2), "NAL unit length 5 at byte 0 exceeds the 2 bytes left");
        assertError(() -> Nalus.split(HEX.parseHex("0002" + AUD + "00"), 2), "NAL length prefix truncated at byte 4 of 5");
        assertError(() -> Nalus.split(HEX.parseHex("0000" + AUD), 2), "NAL unit of length 0 at byte 0");
        assertError(() -> Nalus.split(new byte[0], 4), "access unit is empty");
        assertError(() -> Nalus.toLength4(HEX.parseHex("02" + AUD), 3), "NAL length size 3 is not 1, 2 or 4");
        assertError(() -> Nalus.toLength4(HEX.parseHex("ffffffff" + AUD), 4), "NAL unit length 4294967295 at byte 0 exceeds the 2 bytes left");
    }

    private static void assertError(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(MediaFormatException.class).hasMessage(message);
    }
}
