package io.onair.app.api;

import io.onair.app.account.AccountDeletion;
import io.onair.app.account.AccountSuspensions;
import io.onair.app.security.OnairUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Site admins' moderation of accounts: suspending and lifting ({@link AccountSuspensions} says what that does), and
 * deleting a spam account ({@link AccountDeletion}).
 */
@RestController
public class AdminController {
    private final AccountSuspensions suspensions;
    private final AccountDeletion deletion;

    public AdminController(AccountSuspensions suspensions, AccountDeletion deletion) {
        this.suspensions = suspensions;
        this.deletion = deletion;
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
