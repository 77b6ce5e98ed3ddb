package io.onair.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.payment.PaymentCompleted;
import io.onair.app.payment.PaymentLedger;
import io.onair.app.payment.PaymentRepository;
import io.onair.app.payment.TestModePaymentProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Payments in test mode, subscriptions, donations and the overlay's alerts over the API and the overlay WebSocket:
 * the same provider event twice records one payment; validation errors name the field; an alert arrives within a
 * second of the payment, is replayed until acknowledged and never after; rotating the URL closes the old overlay.
 */
class SupportApiTest extends PlatformServerTest {
    private static final String OWNER = "sp-owner";
    private static final String CH = "/api/channels/" + OWNER;

    @Autowired
    PaymentLedger ledger;

    @Autowired
    PaymentRepository payments;

    @Test
    void theSameProviderEventTwiceRecordsOnePayment() {
        ApiClient owner = account(OWNER);
        account("sp-fan");
        long chId = channelId();
        PaymentCompleted event = new PaymentCompleted(TestModePaymentProvider.NAME, "evt-idem-1", 700, "USD",
                Map.of("kind", "donation", "channel", Long.toString(chId), "account", Long.toString(accountId("sp-fan")),
                        "username", "sp-fan", "message", "twice"));
        PaymentLedger.Outcome first = ledger.complete(event);
        PaymentLedger.Outcome second = ledger.complete(event);
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.payment().id()).isEqualTo(first.payment().id());
        assertThat(payments.count(TestModePaymentProvider.NAME, "evt-idem-1")).isEqualTo(1);
        assertThat(first.payment().testMode()).isTrue();
        JsonNode activity = owner.get(CH + "/activity").json();
        assertThat(activity.path("events").findValues("message").stream().filter(m -> m.asString().equals("twice")))
                .as("one alert for the payment").hasSize(1);
    }

    /**
     * The streamer deletes their account between a viewer's checkout and the processor's confirmation: the channel's
     * row is gone, so the payment cannot be recorded against it, and dropping it would lose what the viewer paid.
     * It is kept for a refund (a redelivery records it once) and listed to site admins.
     */
    @Test
    void aPaymentForAChannelDeletedSinceTheCheckoutIsKeptForARefund() {
        ApiClient streamer = account("sp-leaving");
        account("sp-payer");
        long gone = jdbc.sql("select id from channel where name = 'sp-leaving'").query(Long.class).single();
        assertThat(streamer.send("DELETE", "/api/me", Map.of("password", PASSWORD)).status()).isEqualTo(204);
        PaymentCompleted event = new PaymentCompleted(TestModePaymentProvider.NAME, "evt-gone-1", 1500, "USD",
                Map.of("kind", "donation", "channel", Long.toString(gone), "channelName", "sp-leaving",
                        "account", Long.toString(accountId("sp-payer")), "username", "sp-payer", "message", "bye"));

        PaymentLedger.Outcome first = ledger.complete(event);
        PaymentLedger.Outcome again = ledger.complete(event);
        assertThat(first.unclaimed()).isTrue();
        assertThat(first.duplicate()).isFalse();
        assertThat(again.unclaimed()).isTrue();
        assertThat(again.duplicate()).as("a redelivered webhook records it once").isTrue();
        assertThat(payments.count(TestModePaymentProvider.NAME, "evt-gone-1")).isZero();

        assertThat(account("sp-payer").get("/api/admin/payments/unclaimed").status()).isEqualTo(403);
        JsonNode listed = account(ADMIN).get("/api/admin/payments/unclaimed").json().path("payments");
        JsonNode kept = null;
        for (JsonNode p : listed) {
            if (p.path("providerPaymentId").asString().equals("evt-gone-1")) {
                kept = p;
            }
        }
        assertThat(kept).as("listed for the admins: " + listed).isNotNull();
        assertThat(kept.path("amount").asLong()).isEqualTo(1500);
        assertThat(kept.path("currency").asString()).isEqualTo("USD");
        assertThat(kept.path("channelName").asString()).isEqualTo("sp-leaving");
        assertThat(kept.path("username").asString()).isEqualTo("sp-payer");
        assertThat(kept.path("provider").asString()).isEqualTo(TestModePaymentProvider.NAME);
        assertThat(kept.path("testMode").asBoolean()).isTrue();
    }

    @Test
    void theSameEventDeliveredConcurrentlyRecordsOnePayment() throws Exception {
        account(OWNER);
        account("sp-fan");
        PaymentCompleted event = new PaymentCompleted(TestModePaymentProvider.NAME, "evt-race-1", 900, "USD",
                Map.of("kind", "subscription", "tier", "1", "channel", Long.toString(channelId()),
                        "account", Long.toString(accountId("sp-fan")), "username", "sp-fan"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<PaymentLedger.Outcome>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return ledger.complete(event);
                }));
            }
            start.countDown();
            long recorded = 0;
            for (java.util.concurrent.Future<PaymentLedger.Outcome> o : outcomes) {
                recorded += o.get(10, TimeUnit.SECONDS).duplicate() ? 0 : 1;
            }
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(payments.count(TestModePaymentProvider.NAME, "evt-race-1")).isEqualTo(1);
        // One month, not eight.
        java.time.Instant until = jdbc.sql("select active_until from subscription s join account a on a.id = s.account_id"
                        + " where a.username = 'sp-fan' and s.channel_id = ?").param(channelId())
                .query(java.time.OffsetDateTime.class).single().toInstant();
        assertThat(until).isBefore(java.time.Instant.now().plus(Duration.ofDays(32)));
    }

    @Test
    void validationErrorsNameTheField() {
        ApiClient owner = account(OWNER);
        ApiClient fan = account("sp-fan");
        ApiClient.Response bad = owner.send("PUT", CH + "/support", Map.of("currency", "XX", "donationMin", 0,
                "donationMax", 10, "tiers", List.of(Map.of("tier", 4, "name", "", "price", 0))));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(bad.json().path("errors").findValuesAsString("field"))
                .as(bad.toString()).containsExactlyInAnyOrder("currency", "donationMin", "tiers[0].tier", "tiers[0].name", "tiers[0].price");

        ApiClient.Response put = owner.send("PUT", CH + "/support", settings());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        ApiClient.Response low = fan.send("POST", CH + "/donations", Map.of("amount", 99, "message", "hi"));
        assertThat(low.status()).isEqualTo(400);
        assertThat(low.json().path("errors").get(0).path("field").asString()).isEqualTo("amount");
        ApiClient.Response noTier = fan.send("POST", CH + "/subscriptions", Map.of("tier", 3));
        assertThat(noTier.json().path("errors").get(0).path("field").asString()).isEqualTo("tier");
    }

    @Test
    void donationAlertReachesTheOverlayWithinASecondAndIsNeverShownTwice() throws Exception {
        ApiClient owner = account(OWNER);
        ApiClient fan = account("sp-fan2");
        ApiClient.Response put = owner.send("PUT", CH + "/support", settings());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        String url = owner.get(CH + "/overlay").json().path("url").asString();
        assertThat(url).startsWith("/overlay/");
        assertThat(client().get(url).status()).as("the overlay page").isEqualTo(200);

        try (OverlayClient overlay = new OverlayClient(base(), url)) {
            assertThat(overlay.next("welcome", Duration.ofSeconds(5))).isNotNull();
            drain(overlay);
            long paid = System.nanoTime();
            ApiClient.Response r = fan.send("POST", CH + "/donations", Map.of("amount", 1500, "message", "great stream"));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.json().path("testMode").asBoolean()).isTrue();
            assertThat(r.json().path("provider").asString()).isEqualTo("test");
            assertThat(r.json().path("payment").path("testMode").asBoolean()).isTrue();
            JsonNode alert = overlay.next("alert", Duration.ofSeconds(1));
            assertThat(alert).as("alert within a second").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - paid)).isLessThan(Duration.ofSeconds(1));
            assertThat(alert.path("alert").path("message").asString()).isEqualTo("great stream");
            assertThat(alert.path("alert").path("amount").asLong()).isEqualTo(1500);
            assertThat(alert.path("alert").path("user").asString()).isEqualTo("sp-fan2");
            // The donation's line is in the chat's history too (a page joining later shows it), labelled test mode.
            JsonNode line = null;
            for (JsonNode m : client().get(CH + "/chat").json()) {
                if (!m.path("donation").isNull() && m.path("user").asString().equals("sp-fan2")) {
                    line = m;
                }
            }
            assertThat(line).as("the donation's line in the chat history").isNotNull();
            assertThat(line.path("text").asString()).isEqualTo("great stream");
            assertThat(line.path("donation").path("amount").asLong()).isEqualTo(1500);
            assertThat(line.path("donation").path("currency").asString()).isEqualTo("USD");
            assertThat(line.path("donation").path("testMode").asBoolean()).isTrue();
            assertThat(line.path("system").isNull()).isTrue();
            long id = alert.path("alert").path("id").asLong();
            // Reconnect before acking: replayed. Then ack: not replayed again.
            try (OverlayClient again = new OverlayClient(base(), url)) {
                JsonNode replay = again.next("alert", Duration.ofSeconds(2));
                assertThat(replay).isNotNull();
                assertThat(replay.path("alert").path("id").asLong()).isEqualTo(id);
                again.ack(id);
            }
            Thread.sleep(200);
        }
        try (OverlayClient after = new OverlayClient(base(), url)) {
            assertThat(after.next("welcome", Duration.ofSeconds(5))).isNotNull();
            assertThat(after.next("alert", Duration.ofMillis(500))).as("acked alerts are not resent").isNull();
            // Subscribing makes an alert too, and a subscription until a month from now.
            // (the same fan)
            ApiClient.Response sub = fan.send("POST", CH + "/subscriptions", Map.of("tier", 1));
            assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
            assertThat(after.next("alert", Duration.ofSeconds(1)).path("alert").path("kind").asString())
                    .isEqualTo("subscription");
            assertThat(fan.get(CH + "/subscription").json().path("subscribed").asBoolean()).isTrue();

            // Rotation closes the open overlay at once and the old URL stops working.
            String rotated = owner.send("POST", CH + "/overlay/rotate", null).json().path("url").asString();
            assertThat(rotated).isNotEqualTo(url);
            assertThat(after.closed.get(2, TimeUnit.SECONDS)).isEqualTo(4404);
        }
        try (OverlayClient old = new OverlayClient(base(), url)) {
            assertThat(old.closed.get(2, TimeUnit.SECONDS)).isEqualTo(4404);
        }
    }

    @Test
    void aLowerTierWaitsForTheHigherOneToEndAndAnUpgradeAppliesAtOnce() {
        ApiClient owner = account(OWNER);
        ApiClient fan = account("sp-tiers");
        assertThat(owner.send("PUT", CH + "/support", settings()).status()).isEqualTo(200);
        assertThat(fan.send("POST", CH + "/subscriptions", Map.of("tier", 2)).status()).isEqualTo(201);
        java.time.Instant until = java.time.Instant.parse(fan.get(CH + "/subscription").json().path("activeUntil").asString());

        // Tier 1 while Tier 2 runs: refused, naming the field and saying when it becomes possible.
        ApiClient.Response lower = fan.send("POST", CH + "/subscriptions", Map.of("tier", 1));
        assertThat(lower.status()).as(lower.toString()).isEqualTo(400);
        JsonNode error = lower.json().path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("tier");
        assertThat(error.path("message").asString()).contains("Tier 2").contains(until.toString());
        assertThat(fan.get(CH + "/subscription").json().path("tier").asInt()).isEqualTo(2);

        // A Tier 1 payment started before (its completion arrives late) adds its month and keeps Tier 2.
        ledger.complete(new PaymentCompleted(TestModePaymentProvider.NAME, "evt-tier-late", 499, "USD",
                Map.of("kind", "subscription", "tier", "1", "channel", Long.toString(channelId()),
                        "account", Long.toString(accountId("sp-tiers")), "username", "sp-tiers")));
        JsonNode after = fan.get(CH + "/subscription").json();
        assertThat(after.path("tier").asInt()).isEqualTo(2);
        assertThat(java.time.Instant.parse(after.path("activeUntil").asString())).isAfter(until.plus(Duration.ofDays(27)));

        // Renewing at the same tier is fine.
        assertThat(fan.send("POST", CH + "/subscriptions", Map.of("tier", 2)).status()).isEqualTo(201);
        assertThat(fan.get(CH + "/subscription").json().path("tier").asInt()).isEqualTo(2);
    }

    @Test
    void subscribersOnlyChatAndTheSubscriberBadge() throws Exception {
        String owner = "sp-subs";
        ApiClient o = account(owner);
        ApiClient sub = account("sp-sub");
        ApiClient other = account("sp-nosub");
        Map<String, Object> s = new java.util.HashMap<>(settings());
        s.put("subOnlyChat", true);
        assertThat(o.send("PUT", "/api/channels/" + owner + "/support", s).status()).isEqualTo(200);
        assertThat(sub.send("POST", "/api/channels/" + owner + "/subscriptions", Map.of("tier", 2)).status())
                .isEqualTo(201);
        ApiClient.Response refused = other.send("POST", "/api/channels/" + owner + "/chat", Map.of("text", "hi"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("subscribers-only");
        try (io.onair.app.live.LiveSocketClient page = new io.onair.app.live.LiveSocketClient(base(), owner,
                other.cookieHeader())) {
            page.next("welcome", Duration.ofSeconds(5));
            assertThat(sub.send("POST", "/api/channels/" + owner + "/chat", Map.of("text", "sub here")).status())
                    .isEqualTo(201);
            JsonNode chat = page.next("chat", Duration.ofSeconds(2));
            assertThat(chat.path("message").path("text").asString()).isEqualTo("sub here");
            assertThat(chat.path("badges").get(0).asString()).isEqualTo("subscriber");
            // The owner writes without subscribing, without a badge.
            assertThat(o.send("POST", "/api/channels/" + owner + "/chat", Map.of("text", "owner here")).status())
                    .isEqualTo(201);
            assertThat(page.next("chat", Duration.ofSeconds(2)).path("badges").size()).isZero();
        }
        // A page opened later gets the history with the authors' badges.
        try (io.onair.app.live.LiveSocketClient later = new io.onair.app.live.LiveSocketClient(base(), owner,
                other.cookieHeader())) {
            JsonNode welcome = later.next("welcome", Duration.ofSeconds(5));
            assertThat(welcome.path("badges").path("sp-sub").get(0).asString()).isEqualTo("subscriber");
            assertThat(welcome.path("badges").has(owner)).isFalse();
        }
    }

    @Test
    void followsListTheChannelForTheHomePageAndMakeOneAlert() {
        ApiClient owner = account("sp-followed");
        ApiClient fan = account("sp-follower");
        assertThat(fan.send("PUT", "/api/channels/sp-followed/follow", null).status()).isEqualTo(204);
        assertThat(fan.send("PUT", "/api/channels/sp-followed/follow", null).status()).isEqualTo(204);
        assertThat(fan.get("/api/me/following").json().path("channels").get(0).asString()).isEqualTo("sp-followed");
        JsonNode activity = owner.get("/api/channels/sp-followed/activity?days=7").json();
        assertThat(activity.path("events").findValuesAsString("kind")).as("a repeated follow alerts once")
                .containsExactly("follow");
        assertThat(activity.path("totals").path("followers").asLong()).isEqualTo(1);
        assertThat(owner.get("/api/channels/sp-followed/activity?days=0").json().path("errors").get(0).path("field")
                .asString()).isEqualTo("days");
    }

    private static void drain(OverlayClient overlay) throws InterruptedException {
        // Earlier tests' alerts: shown (acked) now, so they are not replayed below.
        for (JsonNode a = overlay.next("alert", Duration.ofMillis(300)); a != null;
                a = overlay.next("alert", Duration.ofMillis(300))) {
            overlay.ack(a.path("alert").path("id").asLong());
        }
    }

    private static Map<String, Object> settings() {
        return Map.of("currency", "USD", "donationMin", 100, "donationMax", 100_000, "tiers",
                List.of(Map.of("tier", 1, "name", "Fan", "price", 499), Map.of("tier", 2, "name", "Super fan",
                        "price", 999)));
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long channelId() {
        return jdbc.sql("select id from channel where name = ?").param(OWNER).query(Long.class).single();
    }

    private long accountId(String username) {
        return jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
    }
}
