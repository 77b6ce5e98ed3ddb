package io.onair.app.account;

import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.security.OnairUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Personal access tokens: {@code onair_} + 32 random bytes (256 bits), shown once; only their SHA-256 is stored.
 * A fast hash is enough for a random 256-bit secret (nothing to brute-force, unlike a password) and lets every API
 * call find its token with one indexed lookup.
 */
@Service
public class AccessTokenService {
    public static final String PREFIX = "onair_";
    static final int MAX_TOKENS = 50;
    /** last_used_at is written at most this often per token: a bot calling every second is not a write a second. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessTokenRepository tokens;
    private final AccountRepository accounts;
    private final AccountService accountService;
    private final InstantSource clock;
    private final java.util.concurrent.ConcurrentHashMap<String, Instant> touched = new java.util.concurrent.ConcurrentHashMap<>();

    public AccessTokenService(AccessTokenRepository tokens, AccountRepository accounts, AccountService accountService,
            InstantSource clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.accountService = accountService;
        this.clock = clock;
    }

    /** A token that can be used once shown; the secret is in {@code token} and nowhere else. */
    public record Created(long id, String name, String token, Instant createdAt) {
    }

    public Created create(OnairUser user, String nameIn) {
        Validation v = new Validation();
        String name = v.text("name", nameIn, true, 64);
        v.check();
        if (tokens.byAccount(user.id()).size() >= MAX_TOKENS) {
            throw ApiException.conflict("name", "at most " + MAX_TOKENS + " tokens: revoke one first");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        long id = tokens.insert(user.id(), name, hash(token), now);
        return new Created(id, name, token, now);
    }

    public List<AccessToken> list(OnairUser user) {
        return tokens.byAccount(user.id());
    }

    public void revoke(OnairUser user, long id) {
        if (!tokens.delete(user.id(), id)) {
            throw ApiException.notFound("You have no access token " + id);
        }
    }

    /** The account a presented token authenticates; empty for an unknown or revoked token. */
    public Optional<OnairUser> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        Optional<OnairUser> user = tokens.accountOf(hash).flatMap(accounts::byId).map(accountService::user);
        user.ifPresent(u -> {
            Instant now = clock.instant();
            Instant last = touched.get(hash);
            if (last == null || !now.isBefore(last.plus(TOUCH_EVERY))) {
                touched.put(hash, now);
                tokens.touch(hash, now);
            }
        });
        return user.map(u -> new OnairUser(u.id(), u.username(), null, u.admin()));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
