package io.onair.app.chat;

import java.util.List;

/**
 * What the chat asks about a channel's supporters (issue 6; implemented by the support package): whether only
 * subscribers may write, and the badges an author's messages carry ({@code subscriber}).
 */
public interface ChatSupporters {
    /** No supporters: no sub-only mode, no badges (tests and channels without support). */
    ChatSupporters NONE = new ChatSupporters() {
        @Override
        public boolean subscribersOnly(long channelId) {
            return false;
        }

        @Override
        public List<String> badges(long accountId, long channelId) {
            return List.of();
        }

        @Override
        public java.util.Map<String, List<String>> badgesByUsername(long channelId, java.util.Set<String> usernames) {
            return java.util.Map.of();
        }
    };

    boolean subscribersOnly(long channelId);

    /** The author's badges in this channel, e.g. {@code ["subscriber"]}; empty when none. */
    List<String> badges(long accountId, long channelId);

    /** Badges of several authors at once (the history a page gets on join): username → badges, none left out. */
    java.util.Map<String, List<String>> badgesByUsername(long channelId, java.util.Set<String> usernames);
}
