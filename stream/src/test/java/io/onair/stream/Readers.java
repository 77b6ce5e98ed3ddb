package io.onair.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for {@link FrameReader}s. */
final class Readers {
    private Readers() {
    }

    /**
     * Everything queued for {@code reader} now, up to and including an end. The caller is the consumer: the last,
     * empty poll leaves it waiting (idle), as a consumer in {@code take()} would be.
     */
    static List<StreamEvent> drain(FrameReader reader) throws InterruptedException {
        List<StreamEvent> events = new ArrayList<>();
        while (true) {
            var event = reader.poll(Duration.ZERO);
            if (event.isEmpty()) {
                return events;
            }
            events.add(event.get());
            if (event.get() instanceof StreamEvent.End) {
                return events;
            }
        }
    }
}
