package io.onair.app.security;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;

/**
 * Failed logins counted in a sliding window, per username and per client address, in memory. A username or address
 * with too many failures in the window is refused (429, before the password is even checked) until its oldest
 * failure leaves the window.
 *
 * <p>The numbers ({@link #DEFAULT_PER_USERNAME}, {@link #DEFAULT_PER_ADDRESS}, {@link #DEFAULT_WINDOW}): passwords
 * have at least 10 characters, so 10 guesses per account per 15 minutes (under a thousand a day) leaves online
 * guessing of any but the very worst passwords hopeless, while a person who mistypes a few times is never stopped.
 * Only failures count and the window slides, so someone who hammers a name can keep its owner out only for as long
 * as they keep failing, and the per-address limit (50 per 15 minutes: room for a household or an office behind one
 * NAT address) stops one machine from spraying guesses over many accounts. Each attempt also costs the server a
 * bcrypt hash (~50-100 ms of CPU), which the limits bound too.
 */
public final class LoginRateLimiter {
    public static final int DEFAULT_PER_USERNAME = 10;
    public static final int DEFAULT_PER_ADDRESS = 50;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Bound on remembered keys, so a flood of made-up usernames cannot exhaust memory. */
    static final int MAX_KEYS = 100_000;

    private final InstantSource clock;
    private final int perUsername;
    private final int perAddress;
    private final Duration window;
    /** Guarded by {@code this}: logins are rare next to the bcrypt hash each one costs, so one lock is plenty. */
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginRateLimiter(InstantSource clock, int perUsername, int perAddress, Duration window) {
        this.clock = clock;
        this.perUsername = perUsername;
        this.perAddress = perAddress;
        this.window = window;
    }

    public static LoginRateLimiter withDefaults(InstantSource clock) {
        return new LoginRateLimiter(clock, DEFAULT_PER_USERNAME, DEFAULT_PER_ADDRESS, DEFAULT_WINDOW);
    }

    /** A wait as the whole seconds of a {@code Retry-After} header (RFC 9110 §10.2.3), at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** When the client may try again, if it may not now. */
    public synchronized Optional<Duration> blocked(String address, String username) {
        Instant now = clock.instant();
        Optional<Duration> byUser = retryAfter(userKey(username), perUsername, now);
        Optional<Duration> byAddress = retryAfter(addressKey(address), perAddress, now);
        if (byUser.isEmpty()) {
            return byAddress;
        }
        return byAddress.isEmpty() || byUser.get().compareTo(byAddress.get()) >= 0 ? byUser : byAddress;
    }

    public synchronized void failed(String address, String username) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.entrySet().removeIf(e -> prunedEmpty(e.getValue(), now));
        }
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    /** A successful login forgets the username's failures (not the address's). */
    public synchronized void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void record(String key, Instant now) {
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(d, now);
        d.addLast(now);
    }

    private Optional<Duration> retryAfter(String key, int limit, Instant now) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return Optional.empty();
        }
        prune(d, now);
        if (d.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (d.size() < limit) {
            return Optional.empty();
        }
        // A slot frees when the (size - limit + 1)-th oldest failure leaves the window.
        Instant freedAt = d.stream().skip(d.size() - limit).findFirst().orElseThrow().plus(window);
        return Optional.of(Duration.between(now, freedAt));
    }

    private boolean prunedEmpty(Deque<Instant> d, Instant now) {
        prune(d, now);
        return d.isEmpty();
    }

    private void prune(Deque<Instant> d, Instant now) {
        Instant oldest = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(oldest)) {
            d.pollFirst();
        }
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
