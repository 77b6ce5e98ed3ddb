package io.onair.app.webhook;

import io.onair.app.security.OnairUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The owner's webhooks and their delivery log. */
@RestController
@RequestMapping("/api/channels/{channel}/webhooks")
public class WebhookController {
    private final WebhookService webhooks;

    public WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** {@code format}: onair (default), discord or slack; {@code events}: which (absent or empty: every event). */
    public record WebhookRequest(String url, String format, List<String> events) {
    }

    @GetMapping
    public List<WebhookRepository.Webhook> list(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return webhooks.list(user, channel);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public WebhookRepository.Webhook register(@PathVariable("channel") String channel,
            @RequestBody WebhookRequest request, @AuthenticationPrincipal OnairUser user,
            HttpServletRequest http) {
        return webhooks.register(user, channel, request.url(), request.format(), request.events(), siteUrl(http));
    }

    /**
     * The site's address as the owner reached it, for the links in chat messages: the browser's {@code Origin}
     * (scheme and host as the owner typed them, through any proxy), else this request's own scheme and host (an
     * API client). Anything that does not look like an origin is dropped: the messages then carry no link.
     */
    static String siteUrl(HttpServletRequest http) {
        String origin = http.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            origin = ServletUriComponentsBuilder.fromContextPath(http).replacePath("").replaceQuery(null).build()
                    .toUriString();
        }
        return origin.length() <= 300 && ORIGIN.matcher(origin).matches() ? origin : "";
    }

    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile(
            "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable("channel") String channel, @PathVariable("id") long id,
            @AuthenticationPrincipal OnairUser user) {
        webhooks.delete(user, channel, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/deliveries")
    public List<WebhookRepository.Delivery> deliveries(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return webhooks.log(user, channel);
    }
}
