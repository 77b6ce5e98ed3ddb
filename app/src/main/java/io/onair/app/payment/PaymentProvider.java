package io.onair.app.payment;

/**
 * The port to a payment processor. Onair asks the provider for a checkout and learns that money arrived from a
 * {@link PaymentCompleted} event; it never sees card details.
 *
 * <p>The contract, for an adapter (a Stripe Checkout + webhook adapter is the model):
 * <ol>
 * <li>{@link #checkout} creates a checkout for the request's amount (minor units), currency and description and
 * carries {@link CheckoutRequest#metadata()} through the processor unchanged (Stripe: {@code metadata} on the
 * Checkout Session). It answers {@link Checkout.Redirect} with the processor's page to send the payer to, or
 * {@link Checkout.Completed} when the payment completed at once (the test-mode provider).</li>
 * <li>When the processor reports success (Stripe: {@code checkout.session.completed} on the adapter's own webhook
 * controller, after verifying the processor's signature), the adapter calls {@link PaymentLedger#complete} with the
 * processor's payment id (Stripe: the PaymentIntent id), the amount and currency actually paid and the metadata.</li>
 * <li>Events may arrive twice or out of order: the ledger is idempotent on ({@link #name()}, provider payment id),
 * so an adapter may simply forward every delivery. An adapter must never invent a payment id for a retry.</li>
 * <li>A payment for a channel deleted since its checkout comes back {@code unclaimed}: the ledger kept it for a
 * refund (site admins list them at {@code GET /api/admin/payments/unclaimed}). The adapter acknowledges the event
 * like any other, so the processor stops redelivering it.</li>
 * </ol>
 * Implementations are thread-safe.
 */
public interface PaymentProvider {
    /** Stored with every payment ({@code payment.provider}), e.g. {@code test}, {@code stripe}. At most 32 characters. */
    String name();

    /** True when no money moves: every API answer and page that shows such a payment says "test mode". */
    boolean testMode();

    /** Starts a payment; see the interface for the contract. Throws {@link PaymentException} when refused. */
    Checkout checkout(CheckoutRequest request);
}
