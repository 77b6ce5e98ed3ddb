package io.onair.app.payment;

import java.time.Instant;

/**
 * A payment that completed for a channel deleted in the meantime: money someone paid that no channel can receive,
 * kept for the operator to refund through the processor ({@code provider}, {@code providerPaymentId}).
 */
public record UnclaimedPayment(long id, String provider, String providerPaymentId, boolean testMode, String kind,
        long channelId, String channelName, long accountId, String username, long amount, String currency,
        Instant receivedAt) {
}
