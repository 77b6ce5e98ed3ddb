package io.onair.app.api;

import io.onair.app.account.PasswordResets;
import io.onair.app.security.OnairUser;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Forgotten passwords ({@link PasswordResets} says how and why): a site admin issues a link, its holder uses it. */
@RestController
public class PasswordResetController {
    private final PasswordResets resets;

    public PasswordResetController(PasswordResets resets) {
        this.resets = resets;
    }

    /** @param url the link to hand over (this server as the admin reached it, the token after {@code #}) */
    public record IssuedLink(String username, String url, Instant expiresAt) {
    }

    /** 201 with the link; 403 for anyone but site admins, 404 for no such account, 400 for another admin. */
    @PostMapping("/api/admin/accounts/{username}/password-reset")
    public ResponseEntity<IssuedLink> issue(@PathVariable("username") String username,
            @AuthenticationPrincipal OnairUser user) {
        PasswordResets.Issued issued = resets.issueByAdmin(user, username);
        // The token is after '#': browsers send no fragment to the server, so it stays out of access logs and
        // Referer headers when the page is opened.
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + issued.path();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new IssuedLink(issued.username(), url, issued.expiresAt()));
    }

    public record ResetRequest(String token, String password) {
    }

    public record ResetDone(String username, int sessionsEnded) {
    }

    /** Public (the holder of the link is not logged in); 400 naming {@code token} or {@code password}. */
    @PostMapping("/api/password-reset")
    public ResetDone reset(@RequestBody ResetRequest request) {
        PasswordResets.Reset done = resets.reset(request.token(), request.password());
        return new ResetDone(done.username(), done.sessionsEnded());
    }
}
