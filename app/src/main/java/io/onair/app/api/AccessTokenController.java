package io.onair.app.api;

import io.onair.app.account.AccessToken;
import io.onair.app.account.AccessTokenService;
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
import org.springframework.web.bind.annotation.RestController;

/** The caller's personal access tokens, for scripts and bots ({@code Authorization: Bearer <token>}). */
@RestController
@RequestMapping("/api/tokens")
public class AccessTokenController {
    private final AccessTokenService tokens;

    public AccessTokenController(AccessTokenService tokens) {
        this.tokens = tokens;
    }

    public record NewToken(String name) {
    }

    /** The token is in this answer and nowhere else: it is stored hashed. */
    @PostMapping
    public ResponseEntity<AccessTokenService.Created> create(@RequestBody NewToken request,
            @AuthenticationPrincipal OnairUser user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(tokens.create(user, request.name()));
    }

    @GetMapping
    public List<AccessToken> list(@AuthenticationPrincipal OnairUser user) {
        return tokens.list(user);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user) {
        tokens.revoke(user, id);
        return ResponseEntity.noContent().build();
    }
}
