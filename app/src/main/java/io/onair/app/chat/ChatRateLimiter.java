package io.onair.app.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per account, across every room: {@code rate} messages per second on average, {@code burst} at once.
 * The default (1/s, burst 5) lets a person answer quickly a few times in a row and stops a script flooding a room;
 * it is per account rather than per room so that flooding many rooms at once is limited too. Time is injected.
 */
public final class ChatRateLimiter {
    private final InstantSource clock;
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, Instant at) {
    }

    public ChatRateLimiter(InstantSource clock, double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes a token for {@code account}; empty when it may send now, else how long until it may. */
    public Optional<Duration> acquire(long account) {
        Instant now = clock.instant();
        Duration[] wait = {null};
        buckets.compute(account, (id, b) -> {
            double tokens = b == null ? burst : Math.min(burst, b.tokens() + seconds(b.at(), now) * perSecond);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = Duration.ofMillis((long) Math.ceil((1 - tokens) / perSecond * 1000));
            return new Bucket(tokens, now);
        });
        if (buckets.size() > 10_000) {
            forgetFull(now);
        }
        return Optional.ofNullable(wait[0]);
    }

    /** Buckets that refilled completely carry no information: dropped so the map stays the size of active users. */
    void forgetFull(Instant now) {
        buckets.entrySet().removeIf(e -> e.getValue().tokens() + seconds(e.getValue().at(), now) * perSecond >= burst);
    }

    int tracked() {
        return buckets.size();
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
