package io.onair.app.api;

import io.onair.app.account.AccountDeletion;
import io.onair.app.account.AccountSearch;
import io.onair.app.account.AccountSuspensions;
import io.onair.app.security.OnairUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Site admins' moderation of accounts: finding them ({@link AccountSearch}), suspending and lifting
 * ({@link AccountSuspensions} says what that does), and deleting a spam account ({@link AccountDeletion}).
 */
@RestController
public class AdminController {
    private final AccountSuspensions suspensions;
    private final AccountDeletion deletion;
    private final AccountSearch search;

    public AdminController(AccountSuspensions suspensions, AccountDeletion deletion, AccountSearch search) {
        this.suspensions = suspensions;
        this.deletion = deletion;
        this.search = search;
    }

    /**
     * Accounts, newest first: {@code q} a part of the username or e-mail, {@code suspended=true} the suspended ones
     * alone, {@code limit} (1-200, 50), {@code before} the {@code next} of the previous page.
     */
    @GetMapping("/api/admin/accounts")
    public AccountSearch.Page accounts(@RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "suspended", defaultValue = "false") boolean suspended,
            @RequestParam(name = "before", required = false) Long before,
            @RequestParam(name = "limit", required = false) Integer limit, @AuthenticationPrincipal OnairUser user) {
        return search.search(user, q, suspended, before, limit);
    }

    public record SuspensionRequest(String reason) {
    }

    @PutMapping("/api/admin/accounts/{username}/suspension")
    public ResponseEntity<Void> suspend(@PathVariable("username") String username,
            @RequestBody(required = false) SuspensionRequest request, @AuthenticationPrincipal OnairUser user) {
        suspensions.suspend(user, username, request == null ? null : request.reason());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/admin/accounts/{username}/suspension")
    public ResponseEntity<Void> lift(@PathVariable("username") String username,
            @AuthenticationPrincipal OnairUser user) {
        suspensions.lift(user, username);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/admin/accounts/{username}")
    public ResponseEntity<Void> delete(@PathVariable("username") String username,
            @AuthenticationPrincipal OnairUser user) {
        deletion.deleteByAdmin(user, username);
        return ResponseEntity.noContent().build();
    }
}
