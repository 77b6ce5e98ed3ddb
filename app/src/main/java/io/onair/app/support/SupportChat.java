package io.onair.app.support;

import io.onair.app.chat.ChatSupporters;
import java.time.InstantSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The chat's view of supporters: sub-only mode from the owner's support settings, the subscriber badge. */
@Component
public class SupportChat implements ChatSupporters {
    private final SupportRepository support;
    private final InstantSource clock;

    public SupportChat(SupportRepository support, InstantSource clock) {
        this.support = support;
        this.clock = clock;
    }

    @Override
    public boolean subscribersOnly(long channelId) {
        return support.settings(channelId).map(SupportSettings::subOnlyChat).orElse(false);
    }

    @Override
    public java.util.Map<String, List<String>> badgesByUsername(long channelId, java.util.Set<String> usernames) {
        java.util.Map<String, List<String>> badges = new java.util.HashMap<>();
        for (String user : support.activeSubscriberNames(channelId, usernames, clock.instant())) {
            badges.put(user, List.of("subscriber"));
        }
        return badges;
    }

    @Override
    public List<String> badges(long accountId, long channelId) {
        return support.activeTier(accountId, channelId, clock.instant()).isPresent() ? List.of("subscriber") : List.of();
    }
}
