package io.onair.app.replay;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.chat.ChatMessage;
import io.onair.app.security.OnairUser;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Replays, clips and storage use: the REST API (the replay and clip pages and the dashboard use it). */
@RestController
public class ReplayController {
    private final ReplayService replays;
    private final ClipService clips;
    private final ReplayChat chat;
    private final ChannelCatalog channels;
    private final InstantSource clock;

    public ReplayController(ReplayService replays, ClipService clips, ReplayChat chat, ChannelCatalog channels,
            InstantSource clock) {
        this.replays = replays;
        this.clips = clips;
        this.chat = chat;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * A replay as the API shows it.
     *
     * @param live           still being broadcast: {@code playlist} is then the live rewind (DVR)
     * @param duration       seconds recorded so far
     * @param firstProgramDateTime the program date-time of the first segment: the replay's position 0, from which
     *                       chat offsets, clip starts and the page's {@code ?t=} count (a live rewind whose window
     *                       slid starts later: its playlist's program date-times tell by how much); null before the
     *                       first segment
     * @param dash           the static MPD once ended; null while live and for MPEG-TS replays (DASH needs fMP4)
     * @param thumbnails     the seek bar's strip (a 10-column JPEG sprite), absent until made
     */
    public record ReplayJson(long id, String channel, String title, String origin, boolean live, Instant startedAt,
            Instant endedAt, double duration, long bytes, boolean hidden, boolean incomplete, String page,
            String playlist, String dash, String download, Thumbnails thumbnails, Instant firstProgramDateTime) {
    }

    /** {@code count} tiles of {@code width}x{@code height} in rows of {@code columns}, one every {@code interval} s. */
    public record Thumbnails(String url, int count, double interval, int columns, int width, int height) {
    }

    public record ReplayUpdate(String title, Boolean hidden) {
    }

    public record Usage(long bytes, int replays, long maxBytes, int retentionDays) {
    }

    @GetMapping("/api/channels/{channel}/replays")
    public List<ReplayJson> list(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        return replays.list(channel, Optional.ofNullable(user), 200).stream().map(ReplayController::json).toList();
    }

    @GetMapping("/api/replays/{id}")
    public ReplayJson replay(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user) {
        return json(replays.visible(id, Optional.ofNullable(user)));
    }

    @PatchMapping("/api/replays/{id}")
    public ReplayJson update(@PathVariable("id") long id, @RequestBody ReplayUpdate update,
            @AuthenticationPrincipal OnairUser user) {
        if (update.title() != null && update.title().strip().codePointCount(0, update.title().strip().length()) > 140) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("title", "must be at most 140 characters")));
        }
        return json(replays.update(id, user, Optional.ofNullable(update.title()), Optional.ofNullable(update.hidden())));
    }

    @DeleteMapping("/api/replays/{id}")
    public ResponseEntity<Void> delete(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user) {
        replays.delete(id, user);
        return ResponseEntity.noContent().build();
    }

    /** The replay's chat from {@code from} to {@code to} seconds into it (at most 1000 lines per call). */
    @GetMapping("/api/replays/{id}/chat")
    public List<ReplayChat.Line> chat(@PathVariable("id") long id,
            @RequestParam(name = "from", defaultValue = "0") double from,
            @RequestParam(name = "to", defaultValue = "1e9") double to, @AuthenticationPrincipal OnairUser user) {
        if (!(from >= 0) || !(to >= from)) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("from", "must be >= 0 and <= to")));
        }
        Broadcast b = replays.visible(id, Optional.ofNullable(user));
        Optional<ChannelRecord> channel = channels.channel(b.channel());
        if (channel.isEmpty() || b.firstPdt().isEmpty()) {
            return List.of(); // a channel without a row (gone since) has no chat
        }
        Instant origin = b.firstPdt().get();
        Instant end = b.ended().orElse(clock.instant());
        Instant a = origin.plusMillis((long) (from * 1000));
        Instant z = origin.plusMillis((long) Math.min(to * 1000, Duration.between(origin, end).toMillis() + 1000));
        // The "went live" line is written when the publication starts, before the first segment's program
        // date-time (replay position 0: the encoder's first keyframe, 0.5-2 s later) and before the broadcast's row
        // (made with its first segment): a window starting at 0 reaches back for it, and it and the lines after it
        // are shown at 0. Lines before it were sent while the channel was offline (or are the end of the previous
        // broadcast): not part of this one.
        if (from > 0) {
            return chat.between(channel.get().id(), origin, a, z);
        }
        Instant since = (b.startedAt().isBefore(a) ? b.startedAt() : a).minusSeconds(5);
        List<ReplayChat.Line> lines = chat.between(channel.get().id(), origin, since, z);
        int first = 0;
        while (first < lines.size() && lines.get(first).offset() < 0) {
            first++;
        }
        for (int i = first - 1; i >= 0; i--) {
            if (ChatMessage.STREAM_START.equals(lines.get(i).system())) {
                first = i;
                break;
            }
        }
        return lines.subList(first, lines.size()).stream()
                .map(l -> l.offset() < 0 ? l.at(0) : l)
                .toList();
    }

    @GetMapping("/api/channels/{channel}/storage")
    public Usage storage(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        if (!replays.canManage(Optional.ofNullable(user), channel)) {
            throw ApiException.forbidden("Only the channel's owner can see its storage use");
        }
        ReplayService.Usage u = replays.usage(channel);
        ReplayProperties s = replays.settings();
        return new Usage(u.bytes(), u.replays(), s.maxBytesPerChannel().toBytes(), s.retentionDays());
    }

    // ---- clips ----

    /**
     * A clip as the API shows it.
     *
     * @param start    where the clip's playback starts within its playlists, seconds
     * @param duration the clip's length, seconds
     * @param dash     its MPD; null when its replay is MPEG-TS
     */
    public record ClipJson(String id, long replay, String channel, String title, String createdBy, Instant createdAt,
            double start, double duration, String page, String playlist, String dash) {
    }

    public record LiveClipRequest(Double seconds, String title) {
    }

    public record ReplayClipRequest(Double start, Double duration, String title) {
    }

    @PostMapping("/api/channels/{channel}/clips")
    public ResponseEntity<ClipJson> clipLive(@PathVariable("channel") String channel,
            @RequestBody LiveClipRequest request, @AuthenticationPrincipal OnairUser user) {
        Clip c = clips.fromLive(user, channel, required(request.seconds(), "seconds"), request.title());
        return ResponseEntity.status(HttpStatus.CREATED).body(clipJson(c.id()));
    }

    @PostMapping("/api/replays/{id}/clips")
    public ResponseEntity<ClipJson> clipReplay(@PathVariable("id") long id, @RequestBody ReplayClipRequest request,
            @AuthenticationPrincipal OnairUser user) {
        Clip c = clips.fromReplay(user, id, required(request.start(), "start"), required(request.duration(), "duration"),
                request.title());
        return ResponseEntity.status(HttpStatus.CREATED).body(clipJson(c.id()));
    }

    @GetMapping("/api/clips/{clip}")
    public ClipJson clip(@PathVariable("clip") String clip) {
        return clipJson(clip);
    }

    @GetMapping("/api/channels/{channel}/clips")
    public List<ClipJson> channelClips(@PathVariable("channel") String channel) {
        return clips.ofChannel(channel).stream().map(c -> clipJson(c.id())).toList();
    }

    @DeleteMapping("/api/clips/{clip}")
    public ResponseEntity<Void> deleteClip(@PathVariable("clip") String clip, @AuthenticationPrincipal OnairUser user) {
        clips.delete(user, clip);
        return ResponseEntity.noContent().build();
    }

    private ClipJson clipJson(String id) {
        ClipService.ClipView v = clips.view(id);
        Clip c = v.clip();
        String base = "/vod/clips/" + c.id();
        return new ClipJson(c.id(), c.broadcast(), c.channel(), c.title(), c.createdByName(), c.createdAt(),
                v.offset().toMillis() / 1000.0, c.duration().toMillis() / 1000.0, "/clips/" + c.id(),
                base + "/master.m3u8", v.replay().broadcast().mpegTs() ? null : base + "/manifest.mpd");
    }

    private static double required(Double value, String field) {
        if (value == null) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(field, "is required")));
        }
        return value;
    }

    static ReplayJson json(Broadcast b) {
        String base = "/vod/" + b.id();
        Thumbnails thumbs = b.thumbnails() > 0 ? new Thumbnails(base + "/thumbs.jpg", b.thumbnails(),
                b.thumbnailInterval().toMillis() / 1000.0, ReplayThumbnails.COLUMNS, ReplayThumbnails.WIDTH,
                ReplayThumbnails.HEIGHT) : null;
        boolean ended = b.ended().isPresent();
        return new ReplayJson(b.id(), b.channel(), b.title(), b.origin(), b.live(), b.startedAt(),
                b.ended().orElse(null), b.duration().toMillis() / 1000.0, b.bytes(), b.hidden(), b.incomplete(),
                "/videos/" + b.id(), base + "/master.m3u8", ended && !b.mpegTs() ? base + "/manifest.mpd" : null,
                ended ? base + "/download.mp4" : null, thumbs, b.firstPdt().orElse(null));
    }
}
