package io.onair.app.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues webhook deliveries in the database and sends the due ones. A delivery is a signed JSON POST
 * ({@link WebhookSigner}) of the body its webhook's {@link WebhookFormat} makes, rendered when queued (so the log
 * shows what was sent); a 2xx answer delivers it; anything else (an error status, a refused connection, a
 * time-out, a URL that now resolves to a private address) is retried after {@code initialBackoff},
 * then twice that, four times that…, and marked failed after {@code maxAttempts} attempts. Time comes from the
 * injected clock, so back-off is tested without sleeping. Several dispatchers may share one database: each
 * attempt is claimed first ({@link WebhookRepository#claim}).
 */
public final class WebhookDispatcher {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;

    private final WebhookRepository repository;
    private final WebhookUrls urls;
    private final HttpClient http;
    private final JsonMapper json;
    private final InstantSource clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration timeout;
    private final String siteUrl;

    /**
     * @param siteUrl {@code onair.public-url} without its trailing slash: the links in chat messages; empty to use
     *                each webhook's own (its owner's browser's address when registered)
     */
    public WebhookDispatcher(WebhookRepository repository, WebhookUrls urls, HttpClient http, JsonMapper json,
            InstantSource clock, int maxAttempts, Duration initialBackoff, Duration timeout, String siteUrl) {
        this.repository = repository;
        this.urls = urls;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.timeout = timeout;
        this.siteUrl = siteUrl;
    }

    /**
     * Queues {@code event} for every webhook of the channel (in the caller's transaction, if any).
     *
     * @param event {@code stream.online}, {@code stream.offline}, {@code follow}, {@code subscription}, {@code donation}
     */
    public void enqueue(long channelId, String channel, String event, Map<String, ?> data) {
        Instant now = now();
        for (WebhookRepository.Webhook w : repository.byChannel(channelId)) {
            if (!w.wants(event)) {
                continue;
            }
            WebhookFormat format = WebhookFormat.of(w.format()).orElse(WebhookFormat.ONAIR);
            String body = format.body(json, event, channel, now.toString(), data,
                    siteUrl.isEmpty() ? w.siteUrl() : siteUrl);
            repository.enqueue(w.id(), event, body, now);
        }
    }

    /**
     * The clock, truncated to the database's microseconds: a timestamp rounded up on insert would otherwise not be
     * due at the instant it was written for.
     */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Sends every due delivery once; the number attempted. */
    public int runDue() {
        int attempted = 0;
        for (WebhookRepository.Delivery d : repository.due(now(), BATCH)) {
            // Lease: if this process dies mid-attempt, the delivery is due again after it.
            if (repository.claim(d, now().plus(timeout.multipliedBy(2)))) {
                attempt(d);
                attempted++;
            }
        }
        return attempted;
    }

    private void attempt(WebhookRepository.Delivery d) {
        int attempts = d.attempts() + 1;
        Optional<Integer> status = Optional.empty();
        String error;
        Optional<String> refused = urls.problem(d.url());
        if (refused.isPresent()) {
            error = "url " + refused.get();
        } else {
            try {
                long t = now().getEpochSecond();
                HttpRequest request = HttpRequest.newBuilder(URI.create(d.url())).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Onair-Webhooks/1")
                        .header("Onair-Event", d.event())
                        .header("Onair-Delivery", Long.toString(d.id()))
                        .header(WebhookSigner.HEADER, WebhookSigner.header(repository.secretOf(d.webhookId()), t, d.body()))
                        .POST(HttpRequest.BodyPublishers.ofString(d.body())).build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = Optional.of(response.statusCode());
                if (response.statusCode() / 100 == 2) {
                    repository.finish(d.id(), "delivered", attempts, status, "", now());
                    return;
                }
                error = "HTTP " + response.statusCode();
            } catch (IOException | IllegalArgumentException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // stays pending; due again after the lease
            }
        }
        if (attempts >= maxAttempts) {
            log.info("webhook delivery {} to {} failed after {} attempts: {}", d.id(), d.url(), attempts, error);
            repository.finish(d.id(), "failed", attempts, status, error, now());
        } else {
            Duration backoff = initialBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
            repository.retryAt(d.id(), attempts, status, error, now().plus(backoff));
        }
    }
}
