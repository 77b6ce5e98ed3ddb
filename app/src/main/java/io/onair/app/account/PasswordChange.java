package io.onair.app.account;

import io.onair.app.api.Validation;
import io.onair.app.security.LoginRateLimiter;
import io.onair.app.security.OnairUser;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * An account changes its password: the current one proves it is the account's owner at the keyboard (a session left
 * open on a shared machine must not be enough to lock the owner out), the new one follows the sign-up rules, and
 * every other web session of the account ends, so whoever learned the old password and logged in with it is out.
 * API tokens stay: they are listed and revoked on their own (a password change should not break a bot).
 *
 * <p>Wrong current passwords count as failed logins ({@link PasswordProof}).
 */
@Service
public class PasswordChange {
    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final PasswordProof proof;
    private final LoginRateLimiter limiter;
    private final AccountSessions sessions;

    public PasswordChange(AccountRepository accounts, PasswordEncoder passwords, PasswordProof proof,
            LoginRateLimiter limiter, AccountSessions sessions) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.proof = proof;
        this.limiter = limiter;
        this.sessions = sessions;
    }

    /** What a change did. */
    public sealed interface Outcome {
        /** Changed; {@code otherSessionsEnded} web sessions of the account were logged out. */
        record Changed(int otherSessionsEnded) implements Outcome {
        }

        /** Too many wrong passwords for this account or address lately: nothing checked, try after {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    /**
     * @param address          the client's address, for the rate limit
     * @param currentSessionId the session making the change, which stays logged in; empty for an API token
     */
    public Outcome change(OnairUser user, String address, Optional<String> currentSessionId, String current,
            String next) {
        Account account = accounts.byId(user.id()).orElseThrow();
        Validation v = new Validation();
        Optional<Duration> wait = proof.check(account, address, current, "currentPassword", v);
        if (wait.isPresent()) {
            return new Outcome.Throttled(wait.get());
        }
        AccountService.checkNewPassword(v, "newPassword", next);
        if (next != null && next.equals(current)) {
            v.reject("newPassword", "must differ from the current password");
        }
        v.check();
        accounts.setPasswordHash(account.id(), passwords.encode(next));
        limiter.succeeded(user.username());
        return new Outcome.Changed(sessions.endAll(account.username(), currentSessionId));
    }
}
