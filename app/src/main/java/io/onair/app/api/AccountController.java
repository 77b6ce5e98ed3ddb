package io.onair.app.api;

import io.onair.app.account.Account;
import io.onair.app.account.AccountService;
import io.onair.app.security.OnairUser;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up and the current account. Logging in is {@code POST /api/session} (form fields {@code username},
 * {@code password}) and logging out {@code DELETE /api/session}: both are Spring Security's filters (SecurityConfig).
 */
@RestController
public class AccountController {
    private final AccountService accounts;
    private final MeFactory me;

    public AccountController(AccountService accounts, MeFactory me) {
        this.accounts = accounts;
        this.me = me;
    }

    public record SignUp(String username, String email, String password) {
    }

    /** Creates an account and its channel (named after the username, with a stream key). Does not log in. */
    @PostMapping("/api/accounts")
    public ResponseEntity<MeFactory.Me> signUp(@RequestBody SignUp request) {
        Account account = accounts.signUp(request.username(), request.email(), request.password());
        return ResponseEntity.created(URI.create("/api/channels/" + account.username()))
                .body(me.me(accounts.user(account)));
    }

    @GetMapping("/api/me")
    public MeFactory.Me me(@AuthenticationPrincipal OnairUser user) {
        return me.me(user);
    }
}
