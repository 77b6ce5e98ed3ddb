package io.onair.app.chat;

/**
 * A channel's chat modes, set by its moderators.
 *
 * @param slowModeSeconds 0 (off) or how long each user waits between two messages
 * @param followersOnly   only followers of the channel (and its moderators) may write
 */
public record ChatSettings(int slowModeSeconds, boolean followersOnly) {
    public static final ChatSettings DEFAULT = new ChatSettings(0, false);
    /** A day: longer is a ban in all but name. */
    public static final int MAX_SLOW_MODE_SECONDS = 86_400;
}
