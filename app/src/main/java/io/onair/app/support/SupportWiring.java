package io.onair.app.support;

import io.onair.app.alerts.AlertRepository;
import io.onair.app.alerts.AlertService;
import io.onair.app.alerts.OverlaySocketHandler;
import io.onair.app.channel.ChannelService;
import io.onair.app.chat.ChatService;
import io.onair.app.follow.FollowRepository;
import io.onair.app.live.LiveRooms;
import io.onair.app.payment.PaymentLedger;
import io.onair.app.payment.PaymentProvider;
import io.onair.app.payment.PaymentRepository;
import java.time.InstantSource;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions, donations and the alerts overlay: their services and the overlay's WebSocket
 * ({@code /ws/overlay/{secret}}, same-origin handshakes only, like the watch page's). Defaults for channels whose
 * owner set nothing come from {@code onair.payments.*}.
 */
@Configuration(proxyBeanMethods = false)
public class SupportWiring implements WebSocketConfigurer {
    private final OverlaySocketHandler overlays;

    public SupportWiring(OverlaySocketHandler overlays) {
        this.overlays = overlays;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Same-origin handshakes only (Spring's default): OBS's Browser Source loads the overlay page from this
        // server, so its socket comes from this origin like a browser tab's.
        registry.addHandler(overlays, "/ws/overlay/*");
    }

    @Bean
    static OverlaySocketHandler overlaySocketHandler(SupportRepository support, AlertRepository alerts,
            JsonMapper json, InstantSource clock) {
        return new OverlaySocketHandler(support, alerts, json, clock);
    }

    @Bean
    static AlertService alertService(AlertRepository alerts, SupportRepository support, OverlaySocketHandler overlays,
            InstantSource clock) {
        return new AlertService(alerts, support, overlays, clock);
    }

    @Bean
    static SupportPayments supportPayments(SupportRepository support, AlertService alerts, LiveRooms rooms,
            ChatService chat) {
        return new SupportPayments(support, alerts, rooms, chat);
    }

    @Bean
    static SupportSettings supportDefaults(@Value("${onair.payments.currency:USD}") String currency,
            @Value("${onair.payments.donation-min:100}") long min, @Value("${onair.payments.donation-max:50000}") long max) {
        try {
            return SupportService.validate(new SupportRequest(currency, min, max, false, List.of()));
        } catch (io.onair.app.api.ApiException e) {
            throw new IllegalArgumentException("onair.payments: " + e.errors().stream()
                    .map(f -> f.field() + " " + f.message()).toList(), e);
        }
    }

    @Bean
    static SupportService supportService(ChannelService channels, SupportRepository support, PaymentProvider provider,
            PaymentLedger ledger, PaymentRepository payments, AlertService alerts, AlertRepository alertRepository,
            OverlaySocketHandler overlays, FollowRepository follows, SupportSettings supportDefaults,
            InstantSource clock) {
        return new SupportService(channels, support, provider, ledger, payments, alerts, alertRepository, overlays,
                follows, supportDefaults, clock);
    }
}
