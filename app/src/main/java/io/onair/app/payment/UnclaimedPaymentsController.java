package io.onair.app.payment;

import io.onair.app.api.ApiException;
import io.onair.app.security.OnairUser;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/payments/unclaimed}: payments that completed for a channel deleted since the checkout, for a
 * site admin to refund through the processor (each names the provider's payment id). Site admins only: it shows who
 * paid how much.
 */
@RestController
public class UnclaimedPaymentsController {
    /** The newest ones; a list longer than this is a process problem, not a page to scroll. */
    private static final int LIMIT = 200;

    private final PaymentRepository payments;

    public UnclaimedPaymentsController(PaymentRepository payments) {
        this.payments = payments;
    }

    public record Unclaimed(List<UnclaimedPayment> payments) {
    }

    @GetMapping("/api/admin/payments/unclaimed")
    public Unclaimed unclaimed(@AuthenticationPrincipal OnairUser user) {
        if (!user.admin()) {
            throw ApiException.forbidden("Only site admins see unclaimed payments");
        }
        return new Unclaimed(payments.unclaimed(LIMIT));
    }
}
