package io.onair.app.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code onair.delivery.requests}: HLS/DASH media requests answered, by status class and by the port that answered
 * ({@code server=app} for {@code /live/...} on the application's port, {@code server=media} for the media port).
 * Five pre-registered counters per port: no allocation per request, which both ports answer thousands of a second.
 */
public final class DeliveryCounters {
    private final Counter[] byStatusClass = new Counter[6];

    public DeliveryCounters(MeterRegistry meters, String server) {
        for (int c = 1; c <= 5; c++) {
            byStatusClass[c] = Counter.builder("onair.delivery.requests").tag("status", c + "xx").tag("server", server)
                    .description("HLS/DASH media requests answered, by status class and port").register(meters);
        }
    }

    /** Counts one answer with this HTTP status. */
    public void count(int status) {
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            byStatusClass[c].increment();
        }
    }
}
