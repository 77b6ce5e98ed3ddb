package io.onair.app.payment;

/** Reacts to a newly recorded payment (a subscription extended, an alert, a chat line); never to a duplicate. */
public interface PaymentListener {
    /**
     * Called inside the transaction that records the payment: database writes here commit or roll back with it.
     *
     * @return what to do once it committed (pushes to open pages), run once
     */
    Runnable recorded(PaymentRecord payment);
}
