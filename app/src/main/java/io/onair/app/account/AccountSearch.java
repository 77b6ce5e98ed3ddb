package io.onair.app.account;

import io.onair.app.api.ApiException;
import io.onair.app.api.Validation;
import io.onair.app.security.OnairUser;
import io.onair.stream.StreamRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Site admins find accounts: by a part of the username or e-mail address, the suspended ones alone, newest first,
 * a page at a time. What the admin page lists, with what it can do to each (suspend, lift, delete).
 */
@Service
public class AccountSearch {
    /** A page: enough to scan by eye, small enough that a large site's list stays one quick query. */
    public static final int MAX_LIMIT = 200;
    /** The longest thing worth matching: an e-mail address. */
    static final int MAX_QUERY = 254;

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final StreamRegistry streams;

    public AccountSearch(AccountRepository accounts, AccountService accountService, StreamRegistry streams) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.streams = streams;
    }

    /** A suspension as listed. */
    public record SuspensionView(Instant since, String reason) {
    }

    /** One account as site admins see it; {@code live}: its channel is streaming now. */
    public record Entry(long id, String username, String email, Instant createdAt, boolean admin,
            Optional<SuspensionView> suspended, boolean live) {
    }

    /** A page of accounts and the {@code before} of the next one (empty on the last page). */
    public record Page(List<Entry> accounts, Optional<Long> next) {
    }

    public Page search(OnairUser admin, String queryIn, boolean suspendedOnly, Long before, Integer limitIn) {
        if (!admin.admin()) {
            throw ApiException.forbidden("Only site admins list accounts");
        }
        Validation v = new Validation();
        String query = v.text("q", queryIn, false, MAX_QUERY);
        int limit = limitIn == null ? 50 : limitIn;
        if (limit < 1 || limit > MAX_LIMIT) {
            v.reject("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (before != null && before < 1) {
            v.reject("before", "must be an account id (positive)");
        }
        v.check();
        // One more than asked tells whether there is a next page.
        List<AccountRepository.Listed> rows = accounts.search(query, suspendedOnly,
                before == null ? Long.MAX_VALUE : before, limit + 1);
        List<Entry> entries = rows.stream().limit(limit).map(this::entry).toList();
        return new Page(entries, rows.size() > limit ? Optional.of(entries.getLast().id()) : Optional.empty());
    }

    private Entry entry(AccountRepository.Listed l) {
        Account a = l.account();
        return new Entry(a.id(), a.username(), a.email(), a.createdAt(), accountService.isAdmin(a.username()),
                l.suspension().map(s -> new SuspensionView(s.since(), s.reason())), streams.current(a.username())
                        .isPresent());
    }
}
