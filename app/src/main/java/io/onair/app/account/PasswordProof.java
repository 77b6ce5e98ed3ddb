package io.onair.app.account;

import io.onair.app.api.Validation;
import io.onair.app.security.LoginRateLimiter;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The account's password typed again to prove its owner is at the keyboard before something a session left open on
 * a shared machine must not be enough for (changing the password, deleting the account). Wrong ones count as failed
 * logins ({@link LoginRateLimiter}), so a stolen session cannot guess the password faster than the login form allows.
 */
@Component
public class PasswordProof {
    private final PasswordEncoder passwords;
    private final LoginRateLimiter limiter;

    public PasswordProof(PasswordEncoder passwords, LoginRateLimiter limiter) {
        this.passwords = passwords;
        this.limiter = limiter;
    }

    /**
     * Checks {@code typed} against the account's password, rejecting {@code field} in {@code v} when it is missing
     * or wrong (and counting a wrong one). When this account or address has had too many wrong passwords lately
     * nothing is checked: the answer is how long to wait.
     */
    public Optional<Duration> check(Account account, String address, String typed, String field, Validation v) {
        Optional<Duration> wait = limiter.blocked(address, account.username());
        if (wait.isPresent()) {
            return wait;
        }
        if (typed == null || typed.isEmpty()) {
            v.reject(field, "is required");
        } else if (!passwords.matches(typed, account.passwordHash())) {
            limiter.failed(address, account.username());
            v.reject(field, "is not this account's password");
        }
        return Optional.empty();
    }
}
