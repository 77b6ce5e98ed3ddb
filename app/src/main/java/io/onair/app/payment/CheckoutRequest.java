package io.onair.app.payment;

import java.util.Map;

/**
 * What to charge.
 *
 * @param amount      in the currency's minor unit (cents; won have none), above 0
 * @param currency    ISO 4217, upper case
 * @param description shown to the payer by the processor ("Donation to studio")
 * @param metadata    Onair's own keys ({@code kind}, {@code channel}, {@code account}, …), returned unchanged in
 *                    {@link PaymentCompleted#metadata()}
 */
public record CheckoutRequest(long amount, String currency, String description, Map<String, String> metadata) {
    public CheckoutRequest {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be above 0: " + amount);
        }
        metadata = Map.copyOf(metadata);
    }
}
