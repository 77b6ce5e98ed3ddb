package io.onair.app.payment;

/** A provider refused or failed to start a payment, or a completion event cannot be recorded. */
public class PaymentException extends RuntimeException {
    public PaymentException(String message) {
        super(message);
    }

    public PaymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
