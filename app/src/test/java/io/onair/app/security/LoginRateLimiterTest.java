package io.onair.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The login rate limit on a fake clock: per username, per address, sliding window, reset by success. */
class LoginRateLimiterTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final LoginRateLimiter limiter = new LoginRateLimiter(clock, 3, 5, Duration.ofMinutes(15));

    private void advance(Duration d) {
        now = now.plus(d);
    }

    @Test
    void usernameIsBlockedAfterItsLimitUntilTheOldestFailureLeavesTheWindow() {
        limiter.failed("10.0.0.1", "alice");
        advance(Duration.ofMinutes(1));
        limiter.failed("10.0.0.2", "Alice ");
        advance(Duration.ofMinutes(1));
        assertThat(limiter.blocked("10.0.0.3", "alice")).isEmpty();
        limiter.failed("10.0.0.3", "alice");
        assertThat(limiter.blocked("10.0.0.4", "alice")).as("from any address")
                .contains(Duration.ofMinutes(13));
        assertThat(limiter.blocked("10.0.0.4", "bob")).isEmpty();
        advance(Duration.ofMinutes(13));
        assertThat(limiter.blocked("10.0.0.4", "alice")).as("the first failure left the window").isEmpty();
    }

    @Test
    void addressIsBlockedAfterItsLimitAcrossUsernames() {
        for (int i = 0; i < 5; i++) {
            limiter.failed("10.0.0.9", "user" + i);
        }
        assertThat(limiter.blocked("10.0.0.9", "someone-else")).contains(Duration.ofMinutes(15));
        assertThat(limiter.blocked("10.0.0.10", "someone-else")).isEmpty();
        advance(Duration.ofMinutes(15));
        assertThat(limiter.blocked("10.0.0.9", "someone-else")).isEmpty();
    }

    @Test
    void successForgetsTheUsernamesFailuresButNotTheAddresses() {
        limiter.failed("10.0.0.1", "carol");
        limiter.failed("10.0.0.1", "carol");
        limiter.succeeded("carol");
        limiter.failed("10.0.0.1", "carol");
        limiter.failed("10.0.0.1", "carol");
        assertThat(limiter.blocked("10.0.0.2", "carol")).isEmpty();
        limiter.failed("10.0.0.1", "dave");
        assertThat(limiter.blocked("10.0.0.1", "erin")).as("5 failures from the address").isPresent();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        LoginRateLimiter d = LoginRateLimiter.withDefaults(clock);
        for (int i = 0; i < 9; i++) {
            d.failed("10.0.0.1", "frank");
        }
        assertThat(d.blocked("10.0.0.1", "frank")).isEmpty();
        d.failed("10.0.0.1", "frank");
        assertThat(d.blocked("10.0.0.1", "frank")).contains(Duration.ofMinutes(15));
    }
}
