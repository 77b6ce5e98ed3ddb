package io.onair.app.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * One alert for the overlay and the activity feed.
 *
 * @param kind    {@code follow}, {@code subscription} or {@code donation}
 * @param user    who followed, subscribed or donated
 * @param amount  what was paid (minor units of {@code currency}); empty for a follow
 * @param message the donation's message (the payer's text: shown as text, never HTML); '' otherwise
 * @param test    sent with the dashboard's "send test alert" button (not activity)
 */
public record Alert(long id, String kind, String user, Optional<Long> amount, Optional<String> currency,
        String message, Optional<Integer> tier, boolean test, Instant createdAt) {
}
