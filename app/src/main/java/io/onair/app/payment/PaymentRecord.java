package io.onair.app.payment;

import java.time.Instant;
import java.util.Optional;

/**
 * A recorded payment: the receipt. {@code provider} and {@code testMode} are on every record so a receipt always
 * says which processor took it and whether money moved.
 */
public record PaymentRecord(long id, String provider, String providerPaymentId, boolean testMode, String kind,
        long channelId, long accountId, String username, long amount, String currency, String message,
        Optional<Integer> tier, Instant completedAt) {
}
