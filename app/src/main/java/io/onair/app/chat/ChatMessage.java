package io.onair.app.chat;

import java.time.Instant;
import java.util.Optional;

/**
 * A chat message as rooms and the API show it.
 *
 * @param user       the author's username; null for a system line
 * @param text       exactly what the author typed (after trimming): clients render it as text, never as HTML
 * @param streamTime seconds since the broadcast it was sent during started (for replay beside the VOD); empty when
 *                   the channel was offline
 * @param system     null for a message someone typed; {@value #STREAM_START} or {@value #STREAM_END} for the lines
 *                   the server writes when a broadcast starts or ends ({@code text} then holds an English line)
 * @param donation   for a donation's line (issue 6: {@code user} donated, {@code text} is their message): what was
 *                   given; null for every other line
 */
public record ChatMessage(long id, String channel, String user, String text, Instant sentAt,
        Optional<Double> streamTime, String system, Donation donation) {
    public static final String STREAM_START = "stream-start";
    public static final String STREAM_END = "stream-end";

    public ChatMessage(long id, String channel, String user, String text, Instant sentAt, Optional<Double> streamTime) {
        this(id, channel, user, text, sentAt, streamTime, null, null);
    }

    public ChatMessage(long id, String channel, String user, String text, Instant sentAt, Optional<Double> streamTime,
            String system) {
        this(id, channel, user, text, sentAt, streamTime, system, null);
    }

    /**
     * What a donation line is for: the payment, its amount in minor units of {@code currency}, and whether it was
     * made in test mode (no money moved; pages label it).
     */
    public record Donation(long payment, long amount, String currency, boolean testMode) {
    }
}
