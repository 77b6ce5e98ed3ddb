package io.onair.app.chat;

import io.onair.app.security.OnairUser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A channel's chat over REST: history for anyone, posting for accounts (bots with a personal access token; the web
 * UI posts over the WebSocket), moderation for the owner, moderators and site admins.
 */
@RestController
@RequestMapping("/api/channels/{channel}/chat")
public class ChatController {
    private final ChatService chat;

    public ChatController(ChatService chat) {
        this.chat = chat;
    }

    public record Post(String text) {
    }

    /** @param seconds a time-out of this many seconds; absent or null: a ban */
    public record BanRequest(Long seconds) {
    }

    /** The last messages, oldest first. */
    @GetMapping
    public List<ChatMessage> recent(@PathVariable("channel") String channel) {
        return chat.recent(channel);
    }

    /** 201 with the message as everyone sees it; 400/403/429 problem+json with {@code code} and a reason. */
    @PostMapping
    public ResponseEntity<ChatMessage> post(@PathVariable("channel") String channel, @RequestBody Post post,
            @AuthenticationPrincipal OnairUser user) {
        ChatMessage m = chat.post(user, channel, post == null ? null : post.text());
        return ResponseEntity.created(URI.create("/api/channels/" + channel + "/chat/" + m.id())).body(m);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable("channel") String channel, @PathVariable("id") long id,
            @AuthenticationPrincipal OnairUser user) {
        chat.delete(user, channel, id);
        return ResponseEntity.noContent().build();
    }

    /** Moderators: bans and time-outs in force, newest first ({@code until} null: a ban). */
    @GetMapping("/bans")
    public List<ChatRepository.BanEntry> bans(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return chat.bans(user, channel);
    }

    @PutMapping("/bans/{username}")
    public ResponseEntity<Void> ban(@PathVariable("channel") String channel, @PathVariable("username") String username,
            @RequestBody(required = false) BanRequest request, @AuthenticationPrincipal OnairUser user) {
        Optional<Duration> duration = Optional.ofNullable(request).map(BanRequest::seconds).map(Duration::ofSeconds);
        chat.ban(user, channel, username, duration);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/bans/{username}")
    public ResponseEntity<Void> unban(@PathVariable("channel") String channel,
            @PathVariable("username") String username, @AuthenticationPrincipal OnairUser user) {
        chat.unban(user, channel, username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings")
    public ChatSettings settings(@PathVariable("channel") String channel) {
        return chat.settings(channel);
    }

    @PutMapping("/settings")
    public ChatSettings updateSettings(@PathVariable("channel") String channel, @RequestBody ChatSettings settings,
            @AuthenticationPrincipal OnairUser user) {
        return chat.updateSettings(user, channel, settings);
    }

    @ExceptionHandler(ChatRejected.class)
    ResponseEntity<ProblemDetail> rejected(ChatRejected e) {
        HttpStatus status = HttpStatus.valueOf(e.code().status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setProperty("code", e.code().wire());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        e.retryAfter().ifPresent(d -> {
            long s = Math.max(1, (d.toMillis() + 999) / 1000);
            problem.setProperty("retryAfter", s);
            answer.header("Retry-After", Long.toString(s));
        });
        if (e.code() == ChatRejected.Code.EMPTY || e.code() == ChatRejected.Code.TOO_LONG
                || e.code() == ChatRejected.Code.INVALID) {
            problem.setProperty("errors", List.of(new io.onair.app.api.ApiException.FieldError("text", e.getMessage())));
        }
        return answer.body(problem);
    }
}
