package io.onair.app.account;

import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.channel.AccountChannelKeys;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRepository;
import io.onair.app.channel.StreamKeys;
import io.onair.app.config.OnairProperties;
import io.onair.app.security.OnairUser;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Sign-up (an account and its channel, in one transaction) and the account lookup Spring Security logs in with. */
@Service
public class AccountService implements UserDetailsService {
    /** A channel slug of 3-32 characters: shorter names are too easy to squat and to confuse. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_-]{2,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** 10 characters: long enough that the login rate limit makes online guessing hopeless. */
    public static final int MIN_PASSWORD = 10;
    /** bcrypt reads 72 bytes; Spring Security refuses longer passwords rather than ignore the rest. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final AccountRepository accounts;
    private final ChannelRepository channels;
    private final ChannelCatalog catalog;
    private final AccountChannelKeys keys;
    private final PasswordEncoder passwords;
    private final TransactionTemplate tx;
    private final InstantSource clock;
    private final OnairProperties properties;

    public AccountService(AccountRepository accounts, ChannelRepository channels, ChannelCatalog catalog,
            AccountChannelKeys keys, PasswordEncoder passwords, TransactionTemplate tx, InstantSource clock,
            OnairProperties properties) {
        this.accounts = accounts;
        this.channels = channels;
        this.catalog = catalog;
        this.keys = keys;
        this.passwords = passwords;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** Creates the account and its channel (with a fresh stream key); the new account. */
    public Account signUp(String usernameIn, String emailIn, String password) {
        Validation v = new Validation();
        String username = usernameIn == null ? "" : usernameIn.strip().toLowerCase(Locale.ROOT);
        if (username.isEmpty()) {
            v.reject("username", "is required");
        } else if (!USERNAME.matcher(username).matches()) {
            v.reject("username", "must be 3-32 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        } else if (OnairProperties.RESERVED_CHANNEL_NAMES.contains(username)
                || keys.staticChannels().contains(username)
                || username.equals(properties.demo().channel())) {
            v.reject("username", "is reserved");
        }
        String email = emailIn == null ? "" : emailIn.strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            v.reject("email", "is required");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            v.reject("email", "is not an e-mail address");
        }
        checkNewPassword(v, "password", password);
        v.check();
        if (accounts.usernameTaken(username)) { // a deleted account's name included: nobody may pose as them
            throw ApiException.conflict("username", "is taken");
        }
        if (accounts.emailTaken(email)) {
            throw ApiException.conflict("email", "is already used by another account");
        }
        String hash = passwords.encode(password);
        var now = clock.instant();
        long id;
        try {
            id = tx.execute(status -> {
                long accountId = accounts.insert(username, email, hash, now);
                channels.insert(username, accountId, StreamKeys.newKey(), now);
                return accountId;
            });
        } catch (DuplicateKeyException e) {
            // Two sign-ups for the same name at once: the database's unique constraint decides.
            throw ApiException.conflict("username", "is taken");
        }
        catalog.put(channels.byOwner(id).orElseThrow());
        return accounts.byId(id).orElseThrow();
    }

    /** The rules for a password being set (sign-up, change), reported on {@code field}. */
    static void checkNewPassword(Validation v, String field, String password) {
        if (password == null || password.isEmpty()) {
            v.reject(field, "is required");
        } else if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            v.reject(field, "must be at least " + MIN_PASSWORD + " characters");
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            v.reject(field, "must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
    }

    public boolean isAdmin(String username) {
        return properties.admin().usernames().contains(username);
    }

    /**
     * The live account a site admin acts on: 403 "Only site admins {@code action}" for anyone else, 404 for no such
     * account. Suspension, deletion and password reset links all start here.
     */
    public Account namedByAdmin(OnairUser admin, String username, String action) {
        if (!admin.admin()) {
            throw ApiException.forbidden("Only site admins " + action);
        }
        return named(username);
    }

    /** The live account an admin names (trimmed, any case); 404 otherwise. */
    public Account named(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return accounts.byUsername(name).orElseThrow(() -> ApiException.notFound("No account " + username));
    }

    /**
     * Site admins are configuration ({@code onair.admin.usernames}): suspending or deleting one would be a fight over
     * the server rather than moderation, so the name comes off that list first.
     */
    public void refuseIfAdmin(Account account) {
        if (isAdmin(account.username())) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("username",
                    "is a site admin (onair.admin.usernames): take it off that list first")));
        }
    }

    public OnairUser user(Account account) {
        return new OnairUser(account.id(), account.username(), account.passwordHash(), isAdmin(account.username()));
    }

    @Override
    public OnairUser loadUserByUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return accounts.byUsername(name)
                .map(a -> new OnairUser(a.id(), a.username(), a.passwordHash(), isAdmin(a.username()),
                        accounts.suspension(a.id()).isPresent()))
                .orElseThrow(() -> new UsernameNotFoundException("no account " + name));
    }
}
