package io.onair.app.support;

import io.onair.app.alerts.Alert;
import io.onair.app.alerts.AlertService;
import io.onair.app.chat.ChatMessage;
import io.onair.app.chat.ChatService;
import io.onair.app.live.LiveRooms;
import io.onair.app.payment.PaymentListener;
import io.onair.app.payment.PaymentRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a recorded payment causes: a subscription extended by a month, an alert for the overlay, and for a donation
 * a highlighted line in the channel's chat (stored with the messages, pushed as a {@code donation} frame). The
 * database writes join the payment's transaction; the pushes run after it committed (well within the overlay's
 * one-second budget: no queue in between).
 */
public final class SupportPayments implements PaymentListener {
    private final SupportRepository support;
    private final AlertService alerts;
    private final LiveRooms rooms;
    private final ChatService chat;

    public SupportPayments(SupportRepository support, AlertService alerts, LiveRooms rooms, ChatService chat) {
        this.support = support;
        this.alerts = alerts;
        this.rooms = rooms;
        this.chat = chat;
    }

    @Override
    public Runnable recorded(PaymentRecord p) {
        if ("subscription".equals(p.kind())) {
            support.extendSubscription(p.accountId(), p.channelId(), p.tier().orElse(1), p.completedAt());
        }
        Optional<Alert> alert = alerts.record(p.channelId(), p.kind(), p.username(), Optional.of(p.amount()),
                Optional.of(p.currency()), p.message(), p.tier(), false);
        String channelName = support.channelName(p.channelId());
        Optional<ChatMessage> line = "donation".equals(p.kind()) && channelName != null
                ? Optional.of(chat.recordDonation(p.channelId(), channelName, p.accountId(), p.username(), p.message(),
                        p.completedAt(), new ChatMessage.Donation(p.id(), p.amount(), p.currency(), p.testMode())))
                : Optional.empty();
        return () -> {
            alert.ifPresent(a -> alerts.push(p.channelId(), a));
            line.ifPresent(m -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "donation");
                // messageId: the same line in the history (a page that reconnects shows it once).
                f.put("donation", Map.of("id", p.id(), "messageId", m.id(), "user", p.username(), "amount",
                        p.amount(), "currency", p.currency(), "message", p.message(), "testMode", p.testMode(),
                        "sentAt", p.completedAt()));
                rooms.broadcast(channelName, f);
            });
        };
    }
}
