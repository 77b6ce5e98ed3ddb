package io.onair.app.account;

import io.onair.app.api.Validation;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.security.OnairUser;
import io.onair.stream.StreamRegistry;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Site admins suspend abusive accounts, and lift suspensions. A suspended account cannot log in (its login is
 * refused with the reason: {@link OnairUser#isAccountNonLocked}), its web sessions end at once, its API tokens stop
 * working, its channel's stream key is refused and a live stream of it ends. Nothing is deleted: lifting the
 * suspension gives everything back (the same key, tokens, replays). Admins themselves cannot be suspended: they
 * are configuration ({@link AccountService#refuseIfAdmin}).
 */
@Service
public class AccountSuspensions {
    private static final Logger log = LoggerFactory.getLogger(AccountSuspensions.class);
    /** Shown to the account when it tries to log in: a sentence or two. */
    static final int MAX_REASON = 300;

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final ChannelCatalog catalog;
    private final StreamRegistry streams;
    private final AccountSessions sessions;
    private final InstantSource clock;

    public AccountSuspensions(AccountRepository accounts, AccountService accountService, ChannelCatalog catalog,
            StreamRegistry streams, AccountSessions sessions, InstantSource clock) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.catalog = catalog;
        this.streams = streams;
        this.sessions = sessions;
        this.clock = clock;
    }

    public void suspend(OnairUser admin, String username, String reasonIn) {
        Account account = target(admin, username);
        accountService.refuseIfAdmin(account);
        Validation v = new Validation();
        String reason = v.text("reason", reasonIn, false, MAX_REASON);
        v.check();
        accounts.setSuspension(account.id(), Optional.of(new AccountRepository.Suspension(clock.instant(), reason)));
        catalog.setSuspended(account.username(), true);
        sessions.endAll(account.username(), Optional.empty());
        streams.current(account.username()).ifPresent(p -> p.kick("the account is suspended"));
        log.info("accounts: {} suspended by {}{}", account.username(), admin.username(),
                reason.isEmpty() ? "" : " (" + reason + ")");
    }

    public void lift(OnairUser admin, String username) {
        Account account = target(admin, username);
        accounts.setSuspension(account.id(), Optional.empty());
        catalog.setSuspended(account.username(), false);
        log.info("accounts: suspension of {} lifted by {}", account.username(), admin.username());
    }

    private Account target(OnairUser admin, String username) {
        return accountService.namedByAdmin(admin, username, "suspend accounts");
    }
}
