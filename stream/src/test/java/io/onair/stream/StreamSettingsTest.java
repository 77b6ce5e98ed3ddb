package io.onair.stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {
    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new StreamSettings(-1, Duration.ofSeconds(5), Duration.ofMillis(40),
                Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream.gop-cache-bytes must not be negative, was -1");
        assertThatThrownBy(() -> new StreamSettings(0, Duration.ofSeconds(5), Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1)))
                .hasMessage("stream.audio-resync-tolerance must be positive, was PT0S");
    }
}
