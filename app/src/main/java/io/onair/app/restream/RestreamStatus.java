package io.onair.app.restream;

import java.time.Instant;

/**
 * What a destination is doing, for the owner's dashboard.
 *
 * @param state  {@code offline} (the channel is not live), {@code disabled}, {@code connecting}, {@code live} or
 *               {@code retrying} (the last attempt failed; {@code detail} says why and when the next one is)
 * @param detail the destination's or the network's own words, empty when there is nothing to say
 * @param since  when the state began
 * @param kbps   what is being sent, while {@code live}
 */
public record RestreamStatus(String state, String detail, Instant since, long kbps) {
    static RestreamStatus of(String state, String detail, Instant since) {
        return new RestreamStatus(state, detail, since, 0);
    }
}
