package io.onair.app.webhook;

import io.onair.app.security.OnairUser;
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

/** The owner's webhooks and their delivery log. */
@RestController
@RequestMapping("/api/channels/{channel}/webhooks")
public class WebhookController {
    private final WebhookService webhooks;

    public WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    public record WebhookRequest(String url) {
    }

    @GetMapping
    public List<WebhookRepository.Webhook> list(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return webhooks.list(user, channel);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public WebhookRepository.Webhook register(@PathVariable("channel") String channel,
            @RequestBody WebhookRequest request, @AuthenticationPrincipal OnairUser user) {
        return webhooks.register(user, channel, request.url());
    }

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
