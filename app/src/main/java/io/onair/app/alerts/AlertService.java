package io.onair.app.alerts;

import io.onair.app.support.OverlaySettings;
import io.onair.app.support.SupportRepository;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Makes alerts: persisted first (so a reload replays them), then pushed to the open overlays. {@link #record} runs
 * inside the caller's transaction; {@link #push} after it committed.
 */
public final class AlertService {
    private final AlertRepository alerts;
    private final SupportRepository support;
    private final OverlaySocketHandler overlays;
    private final InstantSource clock;

    public AlertService(AlertRepository alerts, SupportRepository support, OverlaySocketHandler overlays,
            InstantSource clock) {
        this.alerts = alerts;
        this.support = support;
        this.overlays = overlays;
        this.clock = clock;
    }

    /** Persists an alert unless the owner's minimum amount filters it out (donations only). */
    public Optional<Alert> record(long channelId, String kind, String user, Optional<Long> amount,
            Optional<String> currency, String message, Optional<Integer> tier, boolean test) {
        OverlaySettings settings = support.overlay(channelId);
        if ("donation".equals(kind) && amount.orElse(0L) < settings.alertMinAmount()) {
            return Optional.empty();
        }
        return Optional.of(alerts.insert(channelId, kind, user, amount, currency, message, tier, test,
                clock.instant()));
    }

    public void push(long channelId, Alert alert) {
        overlays.push(channelId, alert);
    }

    /** Records and pushes (outside any payment: follows, test alerts). */
    public Optional<Alert> send(long channelId, String kind, String user, Optional<Long> amount,
            Optional<String> currency, String message, Optional<Integer> tier, boolean test) {
        Optional<Alert> a = record(channelId, kind, user, amount, currency, message, tier, test);
        a.ifPresent(alert -> push(channelId, alert));
        return a;
    }
}
