package io.onair.app.follow;

/** An account started following a channel (not a repeated follow): alerts and webhooks listen for it. */
public record ChannelFollowed(long channelId, String channel, long accountId, String username) {
}
