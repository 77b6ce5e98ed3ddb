package io.onair.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;

/** {@link FrameLog}: numbered frames in a ring, an overwritten one reported as such, growing keeps what it holds. */
class FrameLogTest {
    private static TextMessage frame(long n) {
        return new TextMessage("f" + n);
    }

    @Test
    void framesAreNumberedFromZeroAndReadBackUntilTheRingComesRound() {
        FrameLog log = new FrameLog(8);
        assertThat(log.size()).isEqualTo(8);
        assertThat(log.head()).isZero();
        for (long n = 0; n < 8; n++) {
            assertThat(log.append(frame(n))).isEqualTo(n + 1);
        }
        for (long n = 0; n < 8; n++) {
            assertThat(log.get(n).getPayload()).isEqualTo("f" + n);
        }
        log.append(frame(8));
        assertThat(log.get(0)).as("frame 8 took frame 0's slot").isNull();
        assertThat(log.get(8).getPayload()).isEqualTo("f8");
        assertThat(log.get(9)).as("not appended yet").isNull();
    }

    @Test
    void sizesAreRoundedUpToAPowerOfTwo() {
        assertThat(new FrameLog(1).size()).isEqualTo(2);
        assertThat(new FrameLog(8).size()).isEqualTo(8);
        assertThat(new FrameLog(9).size()).isEqualTo(16);
        assertThat(new FrameLog(512).size()).isEqualTo(512);
    }

    @Test
    void growingKeepsTheFramesItHolds() {
        FrameLog log = new FrameLog(4);
        for (long n = 0; n < 6; n++) {
            log.append(frame(n));
        }
        log.atLeast(3);
        assertThat(log.size()).as("already large enough").isEqualTo(4);
        log.atLeast(16);
        assertThat(log.size()).isEqualTo(16);
        assertThat(log.get(1)).as("overwritten before it grew").isNull();
        for (long n = 2; n < 6; n++) {
            assertThat(log.get(n).getPayload()).isEqualTo("f" + n);
        }
        for (long n = 6; n < 19; n++) { // 16 slots: frames 3-18 remain
            log.append(frame(n));
        }
        assertThat(log.get(2)).isNull();
        assertThat(log.get(3).getPayload()).isEqualTo("f3");
        assertThat(log.get(18).getPayload()).isEqualTo("f18");
    }
}
