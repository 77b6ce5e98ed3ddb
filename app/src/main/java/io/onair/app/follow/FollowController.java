package io.onair.app.follow;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.security.OnairUser;
import java.time.InstantSource;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Following a channel: the watch page's follow button and followers-only chat. Issue 6 adds notifications on top of
 * the same table.
 */
@RestController
@RequestMapping("/api/channels/{channel}/follow")
public class FollowController {
    private final FollowRepository follows;
    private final ChannelService channels;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;

    public FollowController(FollowRepository follows, ChannelService channels, InstantSource clock,
            ApplicationEventPublisher events) {
        this.follows = follows;
        this.channels = channels;
        this.clock = clock;
        this.events = events;
    }

    /** @param following whether the caller follows the channel (false when not logged in) */
    public record FollowState(boolean following, long followers) {
    }

    @GetMapping
    public FollowState state(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        ChannelRecord c = channels.channel(channel);
        return new FollowState(user != null && follows.follows(user.id(), c.id()), follows.followers(c.id()));
    }

    /** Idempotent; the owner cannot follow its own channel. */
    @PutMapping
    public ResponseEntity<Void> follow(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        ChannelRecord c = channels.channel(channel);
        if (c.ownerId() == user.id()) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("channel", "is your own channel")));
        }
        if (follows.follow(user.id(), c.id(), clock.instant())) {
            events.publishEvent(new ChannelFollowed(c.id(), c.name(), user.id(), user.username()));
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> unfollow(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        follows.unfollow(user.id(), channels.channel(channel).id());
        return ResponseEntity.noContent().build();
    }
}
