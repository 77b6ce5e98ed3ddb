package io.onair.app.account;

import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.chat.ChatService;
import io.onair.app.replay.ReplayService;
import io.onair.app.security.OnairUser;
import io.onair.app.upload.UploadService;
import io.onair.stream.StreamRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person deletes their account, or a site admin deletes a spam account.
 *
 * <p>What goes: the channel and everything in it (stream key, info, replays, clips and uploads with their stored
 * bytes, the chat, followers, subscribers, payments received, alerts, webhooks, overlay), and what the account did
 * elsewhere: its chat messages in every channel (erased, also from open pages and replays' chat), follows,
 * subscriptions, API tokens, moderator seats, and every web session. What stays: a tombstone row holding the
 * username, so nobody else can take the name and pose as the person on old links, clips and receipts; the payments
 * it made to other channels (the receiving streamer's records: amount, date, name; their messages are erased); the
 * clips it made of other channels' broadcasts (the channel's, under its name).
 *
 * <p>Order: the channel's key is refused and a live stream kicked before anything is erased, so nothing new arrives
 * while it goes; the rows go in one transaction; stored bytes after (a crash in between leaves them to the replay
 * sweep, which deletes what deleted accounts' channels left, as it does for a broadcast still ending when this ran).
 */
@Service
public class AccountDeletion {
    private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final PasswordProof proof;
    private final AccountSessions sessions;
    private final ChannelCatalog catalog;
    private final StreamRegistry streams;
    private final ChatService chat;
    private final UploadService uploads;
    private final ReplayService replays;
    private final TransactionTemplate tx;
    private final InstantSource clock;

    public AccountDeletion(AccountRepository accounts, AccountService accountService, PasswordProof proof,
            AccountSessions sessions, ChannelCatalog catalog, StreamRegistry streams,
            ChatService chat, UploadService uploads, ReplayService replays, TransactionTemplate tx,
            InstantSource clock) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.proof = proof;
        this.sessions = sessions;
        this.catalog = catalog;
        this.streams = streams;
        this.chat = chat;
        this.uploads = uploads;
        this.replays = replays;
        this.tx = tx;
        this.clock = clock;
    }

    /** What a deletion by the account itself did. */
    public sealed interface Outcome {
        record Deleted() implements Outcome {
        }

        /** Too many wrong passwords for this account or address lately: nothing checked, try after {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    /**
     * The account deletes itself. The password proves the owner is at the keyboard (a session left open on a shared
     * machine must not be enough to erase someone); wrong ones count as failed logins. Site admins are
     * configuration and cannot delete themselves here: take the name off {@code onair.admin.usernames} first.
     */
    public Outcome deleteOwn(OnairUser user, String address, String password) {
        Account account = accounts.byId(user.id()).orElseThrow(() -> ApiException.notFound("No account"));
        Validation v = new Validation();
        Optional<Duration> wait = proof.check(account, address, password, "password", v);
        if (wait.isPresent()) {
            return new Outcome.Throttled(wait.get());
        }
        v.check();
        accountService.refuseIfAdmin(account);
        erase(account, account.username());
        return new Outcome.Deleted();
    }

    /** A site admin deletes an account (spam): the same erasure, no password. */
    public void deleteByAdmin(OnairUser admin, String username) {
        Account account = accountService.namedByAdmin(admin, username, "delete other accounts");
        accountService.refuseIfAdmin(account);
        erase(account, admin.username());
    }

    private void erase(Account account, String by) {
        String name = account.username();
        catalog.remove(name);
        streams.current(name).ifPresent(p -> p.kick("the account was deleted"));
        sessions.endAll(name, Optional.empty());
        try {
            uploads.cancelAll(name);
        } catch (IOException e) {
            log.warn("accounts: uploads of {} not all cancelled ({}); the replay sweep deletes what they left", name,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chat.eraseAuthor(account.id(), name);
        tx.executeWithoutResult(status -> accounts.erase(account.id(), clock.instant()));
        int deletedReplays = replays.deleteChannel(name);
        log.info("accounts: {} deleted{} ({} replay(s))", name, by.equals(name) ? "" : " by " + by, deletedReplays);
    }
}
