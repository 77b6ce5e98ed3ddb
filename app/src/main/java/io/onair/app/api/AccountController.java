package io.onair.app.api;

import io.onair.app.account.Account;
import io.onair.app.account.AccountDeletion;
import io.onair.app.account.AccountService;
import io.onair.app.account.PasswordChange;
import io.onair.app.security.LoginRateLimiter;
import io.onair.app.security.OnairUser;
import io.onair.app.security.SecurityConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
    private final PasswordChange passwordChange;
    private final AccountDeletion deletion;

    public AccountController(AccountService accounts, MeFactory me, PasswordChange passwordChange,
            AccountDeletion deletion) {
        this.accounts = accounts;
        this.me = me;
        this.passwordChange = passwordChange;
        this.deletion = deletion;
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

    public record PasswordChangeRequest(String currentPassword, String newPassword) {
    }

    /**
     * Changes the caller's password and logs out the account's other web sessions (this one stays); 200
     * {@code {"otherSessionsEnded"}}, 400 naming {@code currentPassword} or {@code newPassword}, 429 with
     * {@code Retry-After} after too many wrong passwords.
     */
    @PutMapping("/api/me/password")
    public ResponseEntity<?> changePassword(@RequestBody PasswordChangeRequest body,
            @AuthenticationPrincipal OnairUser user, HttpServletRequest request) {
        Optional<String> session = Optional.ofNullable(request.getSession(false)).map(HttpSession::getId);
        return switch (passwordChange.change(user, request.getRemoteAddr(), session, body.currentPassword(),
                body.newPassword())) {
            case PasswordChange.Outcome.Changed c -> ResponseEntity.ok(Map.of("otherSessionsEnded", c.otherSessionsEnded()));
            case PasswordChange.Outcome.Throttled t -> tooManyWrongPasswords(t.retryAfter());
        };
    }

    public record DeletionRequest(String password) {
    }

    /**
     * Deletes the caller's account, its channel and what it wrote ({@link AccountDeletion} lists what goes and what
     * stays) and logs it out everywhere; 204, 400 naming {@code password} (wrong or missing) or {@code username} (a
     * site admin), 429 with {@code Retry-After} after too many wrong passwords.
     */
    @DeleteMapping("/api/me")
    public ResponseEntity<?> delete(@RequestBody(required = false) DeletionRequest body,
            @AuthenticationPrincipal OnairUser user, HttpServletRequest request) {
        return switch (deletion.deleteOwn(user, request.getRemoteAddr(), body == null ? null : body.password())) {
            case AccountDeletion.Outcome.Deleted d -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate(); // gone from the store already: this keeps the response from saving it
                }
                SecurityContextHolder.clearContext();
                yield ResponseEntity.noContent().build();
            }
            case AccountDeletion.Outcome.Throttled t -> tooManyWrongPasswords(t.retryAfter());
        };
    }

    private static ResponseEntity<ProblemDetail> tooManyWrongPasswords(Duration retryAfter) {
        long seconds = LoginRateLimiter.retryAfterSeconds(retryAfter);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Too many wrong passwords: try again in " + ((seconds + 59) / 60) + " minutes");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(seconds))
                .body(problem);
    }

    @GetMapping("/api/me")
    public MeFactory.Me me(@AuthenticationPrincipal OnairUser user) {
        return me.me(user);
    }

    /** {@code GET /api/session}: who the caller is, {@code account} null for a visitor who is not logged in. */
    public record Session(MeFactory.Me account) {
    }

    /**
     * The caller's session, always 200: {@code {"account": {...}}} as {@code GET /api/me} answers, or
     * {@code {"account": null}}. Every page asks this once on load; {@code /api/me} answers a visitor 401, which the
     * browser logs as a failed request on every public page a visitor opens.
     */
    @GetMapping(SecurityConfig.LOGIN)
    public Session session(@AuthenticationPrincipal OnairUser user) {
        return new Session(user == null ? null : me.me(user));
    }
}
