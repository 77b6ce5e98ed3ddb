package io.onair.app.support;

import io.onair.app.alerts.Alert;
import io.onair.app.alerts.AlertRepository;
import io.onair.app.alerts.AlertService;
import io.onair.app.alerts.OverlaySocketHandler;
import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.follow.FollowRepository;
import io.onair.app.payment.Checkout;
import io.onair.app.payment.CheckoutRequest;
import io.onair.app.payment.PaymentLedger;
import io.onair.app.payment.PaymentProvider;
import io.onair.app.payment.PaymentRecord;
import io.onair.app.payment.PaymentRepository;
import io.onair.app.security.OnairUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Subscriptions, donations, the alerts overlay and the activity feed of a channel, with who may do what: any
 * account subscribes and donates; the owner (and site admins) set prices and limits and read the activity; the
 * owner alone sees and rotates the overlay's secret URL (like the stream key: it is a credential).
 */
public final class SupportService {
    public static final int MAX_TIERS = 3;
    public static final int MAX_MESSAGE = 300;
    /** A sanity ceiling for any amount (minor units): 10 million dollars or 100 million won. */
    public static final long MAX_AMOUNT = 1_000_000_000L;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelService channels;
    private final SupportRepository support;
    private final PaymentProvider provider;
    private final PaymentLedger ledger;
    private final PaymentRepository payments;
    private final AlertService alerts;
    private final AlertRepository alertRepository;
    private final OverlaySocketHandler overlays;
    private final FollowRepository follows;
    private final SupportSettings defaults;
    private final InstantSource clock;

    public SupportService(ChannelService channels, SupportRepository support, PaymentProvider provider,
            PaymentLedger ledger, PaymentRepository payments, AlertService alerts, AlertRepository alertRepository,
            OverlaySocketHandler overlays, FollowRepository follows, SupportSettings defaults, InstantSource clock) {
        this.channels = channels;
        this.support = support;
        this.provider = provider;
        this.ledger = ledger;
        this.payments = payments;
        this.alerts = alerts;
        this.alertRepository = alertRepository;
        this.overlays = overlays;
        this.follows = follows;
        this.defaults = defaults;
        this.clock = clock;
    }

    /** {@code GET /api/channels/{c}/support}: public, what the Subscribe/Donate area shows. */
    public record SupportView(String currency, long donationMin, long donationMax, boolean subOnlyChat,
            List<SupportSettings.Tier> tiers, String provider, boolean testMode) {
    }

    /**
     * A receipt. {@code provider} and {@code testMode} are always there: a test-mode payment says so.
     *
     * @param status {@code completed} (recorded) or {@code redirect} (send the payer to {@code redirectUrl})
     */
    public record CheckoutView(String status, Optional<String> redirectUrl, Optional<Receipt> payment,
            String provider, boolean testMode) {
    }

    public record Receipt(long id, String kind, long amount, String currency, String message, Optional<Integer> tier,
            String provider, boolean testMode, Instant completedAt) {
        static Receipt of(PaymentRecord p) {
            return new Receipt(p.id(), p.kind(), p.amount(), p.currency(), p.message(), p.tier(), p.provider(),
                    p.testMode(), p.completedAt());
        }
    }

    public record SubscriptionView(boolean subscribed, Optional<Integer> tier, Optional<Instant> activeUntil) {
    }

    public record OverlayView(String url, OverlaySettings settings) {
    }

    /** {@code PUT /api/channels/{c}/overlay}; missing fields are off / 0. */
    public record OverlayRequest(Boolean muted, Long alertMinAmount, Long ttsMinAmount) {
    }

    public record Totals(long followers, long subscribers, Map<String, Long> donations, Map<String, Long> subscriptions) {
    }

    public record Activity(int days, Totals totals, List<Alert> events) {
    }

    public SupportSettings settings(ChannelRecord channel) {
        return support.settings(channel.id()).orElse(defaults);
    }

    public SupportView view(String name) {
        SupportSettings s = settings(payable(channels.channel(name)));
        return new SupportView(s.currency(), s.donationMin(), s.donationMax(), s.subOnlyChat(), s.tiers(),
                provider.name(), provider.testMode());
    }

    public SupportView update(OnairUser user, String name, SupportRequest requested) {
        ChannelRecord channel = payable(managed(user, name));
        SupportSettings s = validate(requested);
        Instant now = clock.instant();
        support.ensure(channel.id(), defaults, now);
        support.putSettings(channel.id(), s, now);
        return view(name);
    }

    public CheckoutView donate(OnairUser user, String name, Long requestedAmount, String rawMessage) {
        long amount = requestedAmount == null ? 0 : requestedAmount;
        ChannelRecord channel = payable(channels.channel(name));
        SupportSettings s = settings(channel);
        Validation v = new Validation();
        if (amount < s.donationMin() || amount > s.donationMax()) {
            v.reject("amount", "must be between " + s.donationMin() + " and " + s.donationMax() + " (" + s.currency()
                    + " minor units)");
        }
        String message = v.text("message", rawMessage, false, MAX_MESSAGE);
        v.check();
        Map<String, String> meta = metadata("donation", channel, user);
        meta.put("message", message);
        return checkout(new CheckoutRequest(amount, s.currency(), "Donation to " + channel.name(), meta));
    }

    public CheckoutView subscribe(OnairUser user, String name, Integer requestedTier) {
        int tier = requestedTier == null ? 0 : requestedTier;
        ChannelRecord channel = payable(channels.channel(name));
        if (channel.ownerId() == user.id()) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("channel", "is your own channel")));
        }
        SupportSettings s = settings(channel);
        SupportSettings.Tier t = s.tiers().stream().filter(x -> x.tier() == tier).findFirst().orElseThrow(() ->
                ApiException.invalid(List.of(new ApiException.FieldError("tier",
                        "must be one of the channel's tiers " + s.tiers().stream().map(SupportSettings.Tier::tier).toList()))));
        // A lower tier while a higher one runs would either cut the time already paid at the higher tier or give
        // the cheaper month the higher tier's perks; neither is what the payer or the streamer expects, so it waits.
        Instant now = clock.instant();
        Optional<Integer> active = support.activeTier(user.id(), channel.id(), now);
        if (active.isPresent() && active.get() > tier) {
            String until = support.activeUntil(user.id(), channel.id()).map(Instant::toString).orElse("");
            throw ApiException.invalid(List.of(new ApiException.FieldError("tier", "is below your active Tier "
                    + active.get() + " subscription, which runs until " + until
                    + "; renew at Tier " + active.get() + " or higher, or choose a lower tier after it ends")));
        }
        Map<String, String> meta = metadata("subscription", channel, user);
        meta.put("tier", Integer.toString(t.tier()));
        return checkout(new CheckoutRequest(t.price(), s.currency(),
                "Subscription to " + channel.name() + " (" + t.name() + ", one month)", meta));
    }

    public SubscriptionView subscription(Optional<OnairUser> user, String name) {
        ChannelRecord channel = channels.channel(name);
        if (user.isEmpty()) {
            return new SubscriptionView(false, Optional.empty(), Optional.empty());
        }
        Optional<Integer> tier = support.activeTier(user.get().id(), channel.id(), clock.instant());
        return new SubscriptionView(tier.isPresent(), tier,
                tier.flatMap(t -> support.activeUntil(user.get().id(), channel.id())));
    }

    public OverlayView overlay(OnairUser user, String name) {
        ChannelRecord channel = owned(user, name);
        Instant now = clock.instant();
        support.ensure(channel.id(), defaults, now);
        String secret = support.overlaySecret(channel.id()).orElseGet(() -> {
            String s = newSecret();
            support.putOverlaySecret(channel.id(), s, now);
            return s;
        });
        return new OverlayView("/overlay/" + secret, support.overlay(channel.id()));
    }

    /** A new secret URL; overlays open with the old one are closed now and cannot reconnect. */
    public OverlayView rotateOverlay(OnairUser user, String name) {
        ChannelRecord channel = owned(user, name);
        Instant now = clock.instant();
        support.ensure(channel.id(), defaults, now);
        support.putOverlaySecret(channel.id(), newSecret(), now);
        overlays.closeAll(channel.id());
        return overlay(user, name);
    }

    public OverlayView updateOverlay(OnairUser user, String name, OverlayRequest in) {
        ChannelRecord channel = owned(user, name);
        OverlaySettings requested = new OverlaySettings(Boolean.TRUE.equals(in.muted()),
                in.alertMinAmount() == null ? 0 : in.alertMinAmount(), in.ttsMinAmount() == null ? 0 : in.ttsMinAmount());
        Validation v = new Validation();
        if (requested.alertMinAmount() < 0 || requested.alertMinAmount() > MAX_AMOUNT) {
            v.reject("alertMinAmount", "must be between 0 and " + MAX_AMOUNT);
        }
        if (requested.ttsMinAmount() < 0 || requested.ttsMinAmount() > MAX_AMOUNT) {
            v.reject("ttsMinAmount", "must be between 0 and " + MAX_AMOUNT);
        }
        v.check();
        Instant now = clock.instant();
        support.ensure(channel.id(), defaults, now);
        support.putOverlay(channel.id(), requested, now);
        overlays.settingsChanged(channel.id(), requested);
        return overlay(user, name);
    }

    /** The dashboard's "send test alert": a donation alert marked test, shown by the overlay like any other. */
    public Alert testAlert(OnairUser user, String name) {
        ChannelRecord channel = owned(user, name);
        SupportSettings s = settings(channel);
        return alerts.send(channel.id(), "donation", user.username(), Optional.of(Math.max(s.donationMin(), 500L)),
                Optional.of(s.currency()), "This is a test alert.", Optional.empty(), true)
                .orElseGet(() -> alerts.send(channel.id(), "follow", user.username(), Optional.empty(),
                        Optional.empty(), "This is a test alert.", Optional.empty(), true).orElseThrow());
    }

    public Activity activity(OnairUser user, String name, int days) {
        ChannelRecord channel = managed(user, name);
        if (days < 1 || days > 366) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("days", "must be between 1 and 366")));
        }
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(days));
        Totals totals = new Totals(follows.followers(channel.id()), support.activeSubscribers(channel.id(), now),
                payments.totals(channel.id(), "donation", since), payments.totals(channel.id(), "subscription", since));
        return new Activity(days, totals, alertRepository.recent(channel.id(), since, 100));
    }

    private CheckoutView checkout(CheckoutRequest request) {
        Checkout c = provider.checkout(request);
        return switch (c) {
            case Checkout.Redirect r -> new CheckoutView("redirect", Optional.of(r.url().toString()), Optional.empty(),
                    provider.name(), provider.testMode());
            case Checkout.Completed done -> completed(ledger.complete(done.event()));
        };
    }

    private CheckoutView completed(PaymentLedger.Outcome outcome) {
        if (outcome.unclaimed()) {
            // The channel's account was deleted while the payment went through: nobody can receive it.
            throw ApiException.notFound("This channel was deleted while you paid: your payment is kept for a refund");
        }
        return new CheckoutView("completed", Optional.empty(), Optional.of(Receipt.of(outcome.payment())),
                provider.name(), provider.testMode());
    }

    private static Map<String, String> metadata(String kind, ChannelRecord channel, OnairUser user) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("channel", Long.toString(channel.id()));
        m.put("channelName", channel.name());
        m.put("account", Long.toString(user.id()));
        m.put("username", user.username());
        return m;
    }

    /**
     * A channel that can be paid: one an account owns. The operator's static-key channels (the demo among them) have
     * nobody to receive money, so they take no donations or subscriptions: 404, which the watch page takes as "no
     * support here", as for an unknown channel.
     */
    private static ChannelRecord payable(ChannelRecord channel) {
        if (!channel.hasOwner()) {
            throw ApiException.notFound("Channel '" + channel.name() + "' is run by the server's operator and takes no"
                    + " donations or subscriptions");
        }
        return channel;
    }

    private ChannelRecord managed(OnairUser user, String name) {
        ChannelRecord channel = channels.channel(name);
        if (!channels.isOwner(user, channel) && !user.admin()) {
            throw ApiException.forbidden("Only the channel's owner can do this");
        }
        return channel;
    }

    private ChannelRecord owned(OnairUser user, String name) {
        ChannelRecord channel = channels.channel(name);
        if (!channels.isOwner(user, channel)) {
            throw ApiException.forbidden("Only the channel's owner can see or change its overlay");
        }
        return channel;
    }

    static SupportSettings validate(SupportRequest in) {
        Validation v = new Validation();
        String currency = in.currency() == null ? "" : in.currency().strip();
        if (!CURRENCY.matcher(currency).matches() || !isCurrency(currency)) {
            v.reject("currency", "must be an ISO 4217 code such as USD, EUR or KRW");
        }
        long min = in.donationMin() == null ? 0 : in.donationMin();
        long max = in.donationMax() == null ? 0 : in.donationMax();
        if (min < 1 || min > MAX_AMOUNT) {
            v.reject("donationMin", "must be between 1 and " + MAX_AMOUNT);
        }
        if (max < min || max > MAX_AMOUNT) {
            v.reject("donationMax", "must be between donationMin and " + MAX_AMOUNT);
        }
        List<SupportRequest.TierRequest> tiers = in.tiers() == null ? List.of() : in.tiers();
        if (tiers.size() > MAX_TIERS) {
            v.reject("tiers", "at most " + MAX_TIERS + " tiers");
        }
        Set<Integer> seen = new HashSet<>();
        List<SupportSettings.Tier> out = new java.util.ArrayList<>();
        for (int i = 0; i < tiers.size() && i < MAX_TIERS; i++) {
            SupportRequest.TierRequest t = tiers.get(i);
            int tier = t == null || t.tier() == null ? 0 : t.tier();
            if (tier < 1 || tier > MAX_TIERS || !seen.add(tier)) {
                v.reject("tiers[" + i + "].tier", "must be 1 to " + MAX_TIERS + ", each once");
            }
            String tierName = v.text("tiers[" + i + "].name", t == null ? null : t.name(), true, 40);
            long price = t == null || t.price() == null ? 0 : t.price();
            if (price < 1 || price > MAX_AMOUNT) {
                v.reject("tiers[" + i + "].price", "must be between 1 and " + MAX_AMOUNT);
            }
            out.add(new SupportSettings.Tier(tier, tierName, price));
        }
        v.check();
        return new SupportSettings(currency, min, max, Boolean.TRUE.equals(in.subOnlyChat()), out);
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
