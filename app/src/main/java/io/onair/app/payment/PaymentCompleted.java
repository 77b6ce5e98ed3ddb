package io.onair.app.payment;

import java.util.Map;

/**
 * A provider's report that a payment succeeded.
 *
 * @param provider          {@link PaymentProvider#name()} of the provider that reports it
 * @param providerPaymentId the processor's id for the payment: the same payment always has the same id
 * @param amount            what was paid, in the currency's minor unit
 * @param currency          ISO 4217
 * @param metadata          the checkout request's metadata, unchanged
 */
public record PaymentCompleted(String provider, String providerPaymentId, long amount, String currency,
        Map<String, String> metadata) {
    public PaymentCompleted {
        metadata = Map.copyOf(metadata);
    }
}
