package io.onair.app.payment;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records completed payments, exactly once each. {@link #complete} is idempotent on (provider, provider payment
 * id): the unique constraint decides, so two deliveries of the same event racing each other record one payment
 * and run the listeners once. A payment and what it causes (a subscription extended, an alert) commit together.
 *
 * <p>The metadata keys Onair sets at checkout and reads back here: {@code kind} ({@code donation} or
 * {@code subscription}), {@code channel} and {@code account} (ids), {@code username}, {@code message},
 * {@code tier}.
 */
public final class PaymentLedger {
    private static final Logger log = LoggerFactory.getLogger(PaymentLedger.class);

    private final PaymentRepository payments;
    private final TransactionTemplate transactions;
    private final List<PaymentListener> listeners;
    private final Map<String, PaymentProvider> providers;
    private final InstantSource clock;

    public PaymentLedger(PaymentRepository payments, TransactionTemplate transactions, List<PaymentListener> listeners,
            List<PaymentProvider> providers, InstantSource clock) {
        this.payments = payments;
        this.transactions = transactions;
        this.listeners = List.copyOf(listeners);
        this.providers = providers.stream().collect(java.util.stream.Collectors.toMap(PaymentProvider::name, p -> p));
        this.clock = clock;
    }

    /**
     * @param payment   the record (the existing one for a duplicate); for an unclaimed payment what was paid, with
     *                  id 0 (it is not in the ledger)
     * @param duplicate the event had been recorded before: nothing was done
     * @param unclaimed the channel it was for had been deleted: kept in {@code payment_unclaimed} for a refund, no
     *                  listener ran. An adapter acknowledges it like any other (the processor must not retry)
     */
    public record Outcome(PaymentRecord payment, boolean duplicate, boolean unclaimed) {
        Outcome(PaymentRecord payment, boolean duplicate) {
            this(payment, duplicate, false);
        }
    }

    public Outcome complete(PaymentCompleted event) {
        PaymentProvider provider = providers.get(event.provider());
        if (provider == null) {
            throw new PaymentException("Unknown payment provider '" + event.provider() + "'");
        }
        Optional<PaymentRecord> existing = payments.byProviderId(event.provider(), event.providerPaymentId());
        if (existing.isPresent()) {
            return new Outcome(existing.get(), true);
        }
        Optional<UnclaimedPayment> kept = payments.unclaimedByProviderId(event.provider(), event.providerPaymentId());
        if (kept.isPresent()) {
            return new Outcome(toRecord(event, provider.testMode()), true, true);
        }
        PaymentRecord record = toRecord(event, provider.testMode());
        try {
            return record(record, event);
        } catch (DataIntegrityViolationException channelGoneMeanwhile) {
            // (A duplicate is handled inside.) The channel was deleted between the check and the insert (the foreign key refused the row): the
            // check now says so, and the payment is kept as unclaimed.
            return record(record, event);
        }
    }

    private Outcome record(PaymentRecord record, PaymentCompleted event) {
        List<Runnable> after = new ArrayList<>();
        try {
            PaymentRecord saved = transactions.execute(status -> {
                if (!payments.channelExists(record.channelId())) {
                    return null;
                }
                long id = payments.insert(record);
                PaymentRecord withId = new PaymentRecord(id, record.provider(), record.providerPaymentId(),
                        record.testMode(), record.kind(), record.channelId(), record.accountId(), record.username(),
                        record.amount(), record.currency(), record.message(), record.tier(), record.completedAt());
                for (PaymentListener l : listeners) {
                    after.add(l.recorded(withId));
                }
                return withId;
            });
            if (saved == null) {
                return unclaimed(record, event);
            }
            for (Runnable r : after) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("after-payment push failed for payment {}", saved.id(), e);
                }
            }
            return new Outcome(saved, false);
        } catch (DuplicateKeyException raced) {
            // The same event recorded concurrently by another delivery: that one ran the listeners.
            return new Outcome(payments.byProviderId(event.provider(), event.providerPaymentId()).orElseThrow(), true);
        }
    }

    /**
     * Money paid to a channel deleted since the checkout (its account was deleted): nobody can receive it, and
     * dropping it would lose what someone paid, so it is kept for the operator to refund.
     */
    private Outcome unclaimed(PaymentRecord r, PaymentCompleted event) {
        UnclaimedPayment u = new UnclaimedPayment(0, r.provider(), r.providerPaymentId(), r.testMode(), r.kind(),
                r.channelId(), channelName(event), r.accountId(), r.username(),
                r.amount(), r.currency(), r.completedAt());
        try {
            payments.insertUnclaimed(u);
            log.warn("payment {} {} of {} {} for channel {} ({}), deleted since the checkout: kept for a refund"
                    + " (GET /api/admin/payments/unclaimed)", r.provider(), r.providerPaymentId(), r.amount(),
                    r.currency(), r.channelId(), u.channelName());
            return new Outcome(r, false, true);
        } catch (DuplicateKeyException raced) {
            return new Outcome(r, true, true);
        }
    }

    /** The name the checkout put in the metadata, for the operator's list (a channel name has at most 32). */
    private static String channelName(PaymentCompleted event) {
        String name = event.metadata().getOrDefault("channelName", "");
        return name.length() <= 32 ? name : name.substring(0, 32);
    }

    private PaymentRecord toRecord(PaymentCompleted e, boolean testMode) {
        Map<String, String> m = e.metadata();
        try {
            String kind = required(m, "kind");
            Optional<Integer> tier = Optional.ofNullable(m.get("tier")).map(Integer::valueOf);
            return new PaymentRecord(0, e.provider(), e.providerPaymentId(), testMode, kind,
                    Long.parseLong(required(m, "channel")), Long.parseLong(required(m, "account")),
                    required(m, "username"), e.amount(), e.currency(), m.getOrDefault("message", ""), tier,
                    clock.instant());
        } catch (NumberFormatException ex) {
            throw new PaymentException("Payment " + e.providerPaymentId() + ": bad metadata " + m, ex);
        }
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new PaymentException("Payment metadata without '" + key + "': " + m);
        }
        return v;
    }
}
