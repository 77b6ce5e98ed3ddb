package io.onair.app.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * A message the room did not take, with a reason for the person who typed it: shown by the chat client
 * ({@code rejected} frame) and answered by the REST API as problem+json ({@code code}, {@code detail}).
 */
public final class ChatRejected extends RuntimeException {
    /** Why, for programs; the message is for people. */
    public enum Code {
        EMPTY(400), TOO_LONG(400), INVALID(400), NOT_LOGGED_IN(401), BANNED(403), TIMED_OUT(403),
        FOLLOWERS_ONLY(403), SUBSCRIBERS_ONLY(403), NO_CHAT(404), SLOW_MODE(429), RATE_LIMITED(429);

        private final int status;

        Code(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Code code;
    private final Optional<Duration> retryAfter;

    public ChatRejected(Code code, String reason, Optional<Duration> retryAfter) {
        super(reason);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ChatRejected(Code code, String reason) {
        this(code, reason, Optional.empty());
    }

    public Code code() {
        return code;
    }

    /** When trying again can succeed (slow mode, rate limit, time-out). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
