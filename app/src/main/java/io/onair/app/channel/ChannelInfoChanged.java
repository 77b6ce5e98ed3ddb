package io.onair.app.channel;

import java.time.Instant;

/**
 * Published (Spring {@code ApplicationEventPublisher}) after a channel's info is saved, so open watch pages can be
 * told at once (the WebSocket push listens for it).
 */
public record ChannelInfoChanged(String channel, ChannelInfo info, Instant at) {
}
