package io.onair.app.account;

import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.security.LoginRateLimiter;
import io.onair.app.security.OnairUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgotten passwords. Onair sends no e-mail (a self-hosted server often has no mail relay, and an unverified address
 * would let anyone who typed someone else's address take the account), so a person who forgot their password asks a
 * site admin, who issues a one-time link ({@code /reset-password#<token>}) and hands it over; the operator, who may
 * be the admin who forgot, gets one printed at start with {@code onair.admin.reset-password}.
 *
 * <ul>
 * <li>The token is 256 random bits, kept only as its SHA-256 (like API tokens): nothing to brute-force, so the form
 * needs no rate limit, and a copy of the database holds no usable link.</li>
 * <li>Valid for {@link #VALID_FOR} (long enough to reach someone through another channel, short enough that a link
 * left in a chat log is soon worthless), once; a new link replaces the account's earlier one.</li>
 * <li>Setting the password ends every web session of the account (whoever knew the old password is out), like a
 * password change; API tokens stay (they are listed and revoked on their own).</li>
 * <li>Admins cannot issue links for other admins: that would hand one admin another's account. The operator's
 * start-up link is the way back for an admin.</li>
 * </ul>
 */
@Service
public class PasswordResets {
    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);
    static final Duration VALID_FOR = Duration.ofHours(24);
    /** Who issued the start-up link. */
    static final String OPERATOR = "operator";
    /** A token is 43 characters (32 bytes, URL-safe Base64); anything much longer is not one, and is not hashed. */
    private static final int MAX_TOKEN = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordResetRepository resets;
    private final AccountRepository accounts;
    private final AccountService accountService;
    private final PasswordEncoder passwords;
    private final AccountSessions sessions;
    private final LoginRateLimiter limiter;
    private final TransactionTemplate tx;
    private final InstantSource clock;

    public PasswordResets(PasswordResetRepository resets, AccountRepository accounts, AccountService accountService,
            PasswordEncoder passwords, AccountSessions sessions, LoginRateLimiter limiter, TransactionTemplate tx,
            InstantSource clock) {
        this.resets = resets;
        this.accounts = accounts;
        this.accountService = accountService;
        this.passwords = passwords;
        this.sessions = sessions;
        this.limiter = limiter;
        this.tx = tx;
        this.clock = clock;
    }

    /** A new link: {@code token} goes after {@code /reset-password#}. */
    public record Issued(String username, String token, Instant expiresAt) {
        public String path() {
            return "/reset-password#" + token;
        }
    }

    /** A site admin's link for {@code username}: 403 for anyone else, 400 naming {@code username} for another admin. */
    public Issued issueByAdmin(OnairUser admin, String username) {
        Account account = accountService.namedByAdmin(admin, username, "issue password reset links");
        if (!account.username().equals(admin.username())) {
            accountService.refuseIfAdmin(account);
        }
        return issue(account, admin.username());
    }

    /** The operator's link ({@code onair.admin.reset-password}); empty when no live account has the name. */
    public Optional<Issued> issueByOperator(String username) {
        return accounts.byUsername(username).map(account -> issue(account, OPERATOR));
    }

    private Issued issue(Account account, String issuedBy) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(VALID_FOR);
        tx.executeWithoutResult(s -> resets.replace(account.id(), AccessTokenService.hash(token), issuedBy, now,
                expires));
        log.info("accounts: password reset link for {} issued by {}, valid until {}", account.username(), issuedBy,
                expires);
        return new Issued(account.username(), token, expires);
    }

    /** What a reset did: the account's name (for the form to log in with) and how many web sessions it ended. */
    public record Reset(String username, int sessionsEnded) {
    }

    /**
     * Sets {@code password} for the account of {@code token} and uses the link up; 400 naming {@code token} (unknown,
     * used, expired, its account deleted) or {@code password} (the sign-up rules).
     */
    public Reset reset(String token, String password) {
        Validation v = new Validation();
        Optional<Long> accountId = Optional.empty();
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            v.reject("token", "is missing or is not a reset link's");
        } else {
            accountId = resets.accountOf(AccessTokenService.hash(token), clock.instant());
            if (accountId.isEmpty()) {
                v.reject("token", "is not valid (used, replaced by a newer link, or older than "
                        + VALID_FOR.toHours() + " hours): ask a site admin for a new link");
            }
        }
        AccountService.checkNewPassword(v, "password", password);
        v.check();
        Account account = accounts.byId(accountId.orElseThrow()).orElseThrow(() -> ApiException.invalid(
                List.of(new ApiException.FieldError("token", "is for an account deleted since"))));
        boolean used = Boolean.TRUE.equals(tx.execute(s -> {
            if (!resets.consume(AccessTokenService.hash(token))) {
                return false;
            }
            accounts.setPasswordHash(account.id(), passwords.encode(password));
            return true;
        }));
        if (!used) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("token", "was just used")));
        }
        // The failed logins that led here no longer hold the account back.
        limiter.succeeded(account.username());
        int ended = sessions.endAll(account.username(), Optional.empty());
        log.info("accounts: {} set a new password with a reset link ({} web sessions ended)", account.username(),
                ended);
        return new Reset(account.username(), ended);
    }
}
