package io.onair.app.account;

import java.util.Optional;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * An account's web sessions, found through Spring Session's principal-name index: ended when the account's password
 * changes ({@link PasswordChange}) or the account is suspended ({@link AccountSuspensions}).
 */
@Component
public class AccountSessions {
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    public AccountSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** Ends every session of {@code username} but {@code keep}; how many it ended. */
    public int endAll(String username, Optional<String> keep) {
        int ended = 0;
        for (String id : sessions.findByPrincipalName(username).keySet()) {
            if (keep.filter(id::equals).isEmpty()) {
                sessions.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
