package io.onair.app.api;

import io.onair.app.channel.ChannelInfo;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.channel.Moderator;
import io.onair.app.security.OnairUser;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A channel's info, stream key and moderators. The status (live or not, stats, info) is ChannelStatusController's. */
@RestController
@RequestMapping("/api/channels/{channel}")
public class ChannelController {
    private final ChannelService channels;

    public ChannelController(ChannelService channels) {
        this.channels = channels;
    }

    @GetMapping("/info")
    public ChannelInfo info(@PathVariable("channel") String channel) {
        return channels.channel(channel).info();
    }

    /** Owner or site admin. Replaces every field; absent ones become empty. */
    @PutMapping("/info")
    public ChannelInfo updateInfo(@PathVariable("channel") String channel, @RequestBody ChannelInfo info,
            @AuthenticationPrincipal OnairUser user) {
        return channels.updateInfo(user, channel, info);
    }

    /** What OBS needs: the key, and when it was last rotated. */
    public record StreamKey(String channel, String streamKey, Instant rotatedAt) {
        static StreamKey of(ChannelRecord c) {
            return new StreamKey(c.name(), c.streamKey(), c.streamKeyRotatedAt());
        }
    }

    /** The owner only. */
    @GetMapping("/stream-key")
    public StreamKey streamKey(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        return StreamKey.of(channels.streamKey(user, channel));
    }

    /** The owner only: a new key; the old one is refused from now on (a live session with it continues). */
    @PostMapping("/stream-key/rotate")
    public StreamKey rotate(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        return StreamKey.of(channels.rotateStreamKey(user, channel));
    }

    @GetMapping("/moderators")
    public List<Moderator> moderators(@PathVariable("channel") String channel) {
        return channels.moderators(channel);
    }

    /** Owner or site admin; idempotent. */
    @PutMapping("/moderators/{username}")
    public ResponseEntity<Void> addModerator(@PathVariable("channel") String channel,
            @PathVariable("username") String username, @AuthenticationPrincipal OnairUser user) {
        channels.addModerator(user, channel, username);
        return ResponseEntity.noContent().build();
    }

    /** Owner or site admin; idempotent. */
    @DeleteMapping("/moderators/{username}")
    public ResponseEntity<Void> removeModerator(@PathVariable("channel") String channel,
            @PathVariable("username") String username, @AuthenticationPrincipal OnairUser user) {
        channels.removeModerator(user, channel, username);
        return ResponseEntity.noContent().build();
    }
}
