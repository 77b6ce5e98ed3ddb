package io.onair.app.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Onair-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} where the HMAC's key is the
 * webhook's secret and its message is {@code <t>.<body>} (the timestamp, a dot, the exact body bytes). The scheme of
 * Stripe's webhooks: a receiver recomputes it, compares in constant time, and refuses timestamps older than a few
 * minutes, so a captured delivery cannot be replayed later. {@code v1} names the scheme so another can be added
 * beside it.
 */
public final class WebhookSigner {
    public static final String HEADER = "Onair-Signature";

    private WebhookSigner() {
    }

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    public static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
