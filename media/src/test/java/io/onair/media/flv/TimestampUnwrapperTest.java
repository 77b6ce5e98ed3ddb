package io.onair.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {
    @Test
    void continuesAcross2To32() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L);
        assertThat(u.unwrap(0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
        assertThat(u.unwrap(0x10)).isEqualTo(0x1_0000_0010L);
        assertThat(u.unwrap(0x20)).isEqualTo(0x1_0000_0020L);
    }

    @Test
    void smallBackwardStepsOfInterleavedTracksStaySmall() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap(1000)).isEqualTo(1000);
        assertThat(u.unwrap(990)).isEqualTo(990);
        assertThat(u.unwrap(5)).isEqualTo(5);
        assertThat(u.unwrap(0xFFFF_FFFBL)).isEqualTo(-5);
    }
}
