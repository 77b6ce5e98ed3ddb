package io.onair.origin;

import io.netty.handler.codec.DateFormatter;
import java.time.InstantSource;
import java.util.Date;

/** The {@code Date} header (RFC 9110 §6.6.1), formatted once a second rather than per response. */
final class HttpDate {
    private final InstantSource clock;
    private volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private record Cached(long second, String text) {
    }

    HttpDate(InstantSource clock) {
        this.clock = clock;
    }

    String now() {
        long second = clock.instant().getEpochSecond();
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, DateFormatter.format(new Date(second * 1000)));
            cached = c;
        }
        return c.text;
    }
}
