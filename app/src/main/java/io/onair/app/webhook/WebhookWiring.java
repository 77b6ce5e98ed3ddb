package io.onair.app.webhook;

import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelService;
import io.onair.app.support.SupportRepository;
import io.onair.stream.StreamRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks ({@code onair.webhooks.*}): the URL guard, the dispatcher and the thread that sends due
 * deliveries every {@code poll-interval}.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookWiring {
    @Bean
    static WebhookUrls webhookUrls(@Value("${onair.webhooks.allow-private:false}") boolean allowPrivate) {
        return new WebhookUrls(allowPrivate);
    }

    @Bean
    static WebhookDispatcher webhookDispatcher(WebhookRepository repository, WebhookUrls urls, JsonMapper json,
            InstantSource clock, @Value("${onair.webhooks.max-attempts:8}") int maxAttempts,
            @Value("${onair.webhooks.initial-backoff:10s}") Duration initialBackoff,
            @Value("${onair.webhooks.timeout:5s}") Duration timeout,
            @Value("${onair.public-url:}") String publicUrl) {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("onair.webhooks.max-attempts: must be between 1 and 20");
        }
        if (initialBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("onair.webhooks.initial-backoff: must be at least 1s");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("onair.webhooks.timeout: must be between 1s and 30s");
        }
        // No redirects: a receiver's 3xx to a private address would get around the guard.
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookDispatcher(repository, urls, http, json, clock, maxAttempts, initialBackoff, timeout,
                publicUrl(publicUrl));
    }

    /** {@code onair.public-url}: empty, or http(s)://host[:port][/path] with no query; without its trailing slash. */
    static String publicUrl(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return "";
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("onair.public-url: must be empty or an http(s) URL such as"
                    + " https://live.example.org (no query), not '" + v + "'");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    @Bean(destroyMethod = "close")
    static WebhookSender webhookSender(WebhookDispatcher dispatcher,
            @Value("${onair.webhooks.poll-interval:1s}") Duration interval) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("onair.webhooks.poll-interval: must be at least 100ms");
        }
        return new WebhookSender(dispatcher, interval);
    }

    @Bean
    static WebhookEvents webhookEvents(WebhookDispatcher dispatcher, ChannelCatalog catalog, SupportRepository support,
            StreamRegistry registry, WebhookSender webhookSender) {
        WebhookEvents events = new WebhookEvents(dispatcher, catalog, support, webhookSender);
        registry.addListener(events);
        return events;
    }

    @Bean
    static WebhookService webhookService(ChannelService channels, WebhookRepository repository, WebhookUrls urls,
            InstantSource clock) {
        return new WebhookService(channels, repository, urls, clock);
    }
}
