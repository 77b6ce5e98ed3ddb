package io.onair.rtmp;

/** The answer to a {@link PublishRequest}. */
public sealed interface PublishDecision {
    /** Publishing may start; media goes to {@code sink}. */
    record Accepted(MediaSink sink) implements PublishDecision {
    }

    /** Publishing is refused; {@code description} is sent to the client in the onStatus description. */
    record Rejected(String description) implements PublishDecision {
    }
}
