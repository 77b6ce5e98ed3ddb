package io.onair.app.support;

import io.onair.app.alerts.Alert;
import io.onair.app.security.OnairUser;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Support for a channel: subscriptions, donations, the overlay's settings and the activity feed. Amounts are
 * integers in the currency's minor unit. Every checkout answer carries {@code provider} and {@code testMode}.
 */
@RestController
public class SupportController {
    private final SupportService support;

    public SupportController(SupportService support) {
        this.support = support;
    }

    public record DonationRequest(Long amount, String message) {
    }

    public record SubscriptionRequest(Integer tier) {
    }

    public record Following(List<String> channels) {
    }

    @GetMapping("/api/channels/{channel}/support")
    public SupportService.SupportView view(@PathVariable("channel") String channel) {
        return support.view(channel);
    }

    @PutMapping("/api/channels/{channel}/support")
    public SupportService.SupportView update(@PathVariable("channel") String channel,
            @RequestBody SupportRequest settings, @AuthenticationPrincipal OnairUser user) {
        return support.update(user, channel, settings);
    }

    @PostMapping("/api/channels/{channel}/donations")
    @ResponseStatus(HttpStatus.CREATED)
    public SupportService.CheckoutView donate(@PathVariable("channel") String channel,
            @RequestBody DonationRequest request, @AuthenticationPrincipal OnairUser user) {
        return support.donate(user, channel, request.amount(), request.message());
    }

    @PostMapping("/api/channels/{channel}/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    public SupportService.CheckoutView subscribe(@PathVariable("channel") String channel,
            @RequestBody SubscriptionRequest request, @AuthenticationPrincipal OnairUser user) {
        return support.subscribe(user, channel, request.tier());
    }

    /** The caller's subscription (public path: anonymous callers are simply not subscribed). */
    @GetMapping("/api/channels/{channel}/subscription")
    public SupportService.SubscriptionView subscription(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return support.subscription(Optional.ofNullable(user), channel);
    }

    @GetMapping("/api/channels/{channel}/overlay")
    public SupportService.OverlayView overlay(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return support.overlay(user, channel);
    }

    @PutMapping("/api/channels/{channel}/overlay")
    public SupportService.OverlayView updateOverlay(@PathVariable("channel") String channel,
            @RequestBody SupportService.OverlayRequest settings, @AuthenticationPrincipal OnairUser user) {
        return support.updateOverlay(user, channel, settings);
    }

    @PostMapping("/api/channels/{channel}/overlay/rotate")
    public SupportService.OverlayView rotateOverlay(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return support.rotateOverlay(user, channel);
    }

    @PostMapping("/api/channels/{channel}/alerts/test")
    @ResponseStatus(HttpStatus.CREATED)
    public Alert testAlert(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        return support.testAlert(user, channel);
    }

    @GetMapping("/api/channels/{channel}/activity")
    public SupportService.Activity activity(@PathVariable("channel") String channel,
            @RequestParam(name = "days", defaultValue = "30") int days, @AuthenticationPrincipal OnairUser user) {
        return support.activity(user, channel, days);
    }
}
