package io.onair.app.payment;

import java.util.UUID;

/**
 * Completes every checkout at once and moves no money: for trying Onair out and for tests. Its payments are stored
 * with provider {@code test} and {@code test_mode = true}, and every answer and page showing them says "test mode".
 */
public final class TestModePaymentProvider implements PaymentProvider {
    public static final String NAME = "test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean testMode() {
        return true;
    }

    @Override
    public Checkout checkout(CheckoutRequest request) {
        return new Checkout.Completed(new PaymentCompleted(NAME, "test_" + UUID.randomUUID(), request.amount(),
                request.currency(), request.metadata()));
    }
}
