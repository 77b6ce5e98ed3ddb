package io.onair.app.api;

import io.onair.app.account.AccountRepository;
import io.onair.app.channel.ChannelService;
import io.onair.app.security.OnairUser;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code GET /api/me}, also the answer to a successful login. */
@Component
public class MeFactory {
    private final AccountRepository accounts;
    private final ChannelService channels;

    public MeFactory(AccountRepository accounts, ChannelService channels) {
        this.accounts = accounts;
        this.channels = channels;
    }

    /**
     * @param channel    the account's own channel (its owner role)
     * @param moderates  channels whose owner appointed this account moderator
     * @param admin      a site admin ({@code onair.admin.usernames})
     */
    public record Me(long id, String username, String email, String channel, boolean admin, List<String> moderates) {
    }

    public Me me(OnairUser user) {
        String email = accounts.byId(user.id()).map(a -> a.email()).orElse("");
        return new Me(user.id(), user.username(), email, user.channel(), user.admin(), channels.moderatedBy(user));
    }
}
