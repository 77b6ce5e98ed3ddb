package io.onair.app.payment;

import java.net.URI;

/** A provider's answer to a checkout request. */
public sealed interface Checkout {
    /** Send the payer to {@code url}; the completion arrives later as an event to {@link PaymentLedger#complete}. */
    record Redirect(URI url) implements Checkout {
    }

    /** Paid already (the test-mode provider): the caller records it through {@link PaymentLedger#complete}. */
    record Completed(PaymentCompleted event) implements Checkout {
    }
}
