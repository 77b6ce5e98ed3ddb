package io.onair.stream;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** An {@link InstantSource} tests move by hand: timing is tested by advancing it, never by sleeping. */
public final class FakeClock implements InstantSource {
    private volatile Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-01-01T12:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }
}
