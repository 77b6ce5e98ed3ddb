package io.onair.app.payment;

import java.time.InstantSource;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment provider ({@code onair.payments.provider}; {@code test} is the only one shipped) and the ledger.
 * A real adapter is one more {@link PaymentProvider} bean chosen here, plus its webhook controller.
 */
@Configuration(proxyBeanMethods = false)
public class PaymentWiring {
    @Bean
    static PaymentProvider paymentProvider(@Value("${onair.payments.provider:test}") String provider) {
        if (!TestModePaymentProvider.NAME.equals(provider)) {
            throw new IllegalArgumentException("onair.payments.provider: unknown provider '" + provider
                    + "' (available: test)");
        }
        return new TestModePaymentProvider();
    }

    @Bean
    static PaymentLedger paymentLedger(PaymentRepository payments, PlatformTransactionManager tx,
            List<PaymentListener> listeners, List<PaymentProvider> providers, InstantSource clock) {
        return new PaymentLedger(payments, new TransactionTemplate(tx), listeners, providers, clock);
    }
}
