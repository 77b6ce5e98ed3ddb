package io.onair.app.webhook;

import io.onair.app.security.PublicAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may call. http or https, a host, no credentials in the URL; and (the SSRF guard,
 * {@link PublicAddresses}) every address the host resolves to must be public, unless {@code allowPrivate}
 * ({@code onair.webhooks.allow-private}, for tests and LAN setups). Checked when the owner registers the URL and
 * again before every delivery (the name may resolve elsewhere later).
 */
public final class WebhookUrls {
    public static final int MAX_LENGTH = 2000;
    private final boolean allowPrivate;

    public WebhookUrls(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why the URL is refused, for people; empty when it is fine. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is required");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not contain a user name or password");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        return PublicAddresses.problem(uri.getHost(), "onair.webhooks.allow-private");
    }
}
