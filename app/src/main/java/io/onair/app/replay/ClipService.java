package io.onair.app.replay;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.chat.ChatRateLimiter;
import io.onair.app.security.OnairUser;
import io.onair.hls.VodRendition;
import io.onair.hls.VodSegment;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Clips (issue 7): a range of a broadcast's stored segments, made by any logged-in viewer from the last seconds of a
 * live stream or any range of a replay. No re-encode: a clip's playlists list the segments that cover the range and
 * its page plays from the chosen start to the chosen end. Its segments survive the replay's deletion
 * ({@link ReplayRepository#delete} keeps what a clip covers).
 */
public class ClipService {
    /** The range for live clips. */
    static final Duration LIVE_MIN = Duration.ofSeconds(5);
    static final Duration LIVE_MAX = Duration.ofSeconds(60);
    /**
     * The longest clip of a replay: a clip keeps its segments forever (past the replay's retention), so a clip of a
     * whole broadcast would defeat the owner's retention; ten minutes is a long highlight.
     */
    static final Duration REPLAY_MAX = Duration.ofMinutes(10);
    static final Duration REPLAY_MIN = Duration.ofSeconds(1);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final ClipRepository clips;
    private final ReplayService replays;
    private final ReplayRepository index;
    private final ReplayRecorder recorder;
    private final ChannelCatalog channels;
    private final BiPredicate<OnairUser, ChannelRecord> moderates;
    private final InstantSource clock;
    /** Clips per account: 1 a minute on average, 10 at once: a person clips moments, a script does not flood. */
    private final ChatRateLimiter limiter;
    private final SecureRandom random = new SecureRandom();

    public ClipService(ClipRepository clips, ReplayService replays, ReplayRepository index, ReplayRecorder recorder,
            ChannelCatalog channels, BiPredicate<OnairUser, ChannelRecord> moderates, InstantSource clock) {
        this.clips = clips;
        this.replays = replays;
        this.index = index;
        this.recorder = recorder;
        this.channels = channels;
        this.moderates = moderates;
        this.clock = clock;
        this.limiter = new ChatRateLimiter(clock, 1.0 / 60, 10);
    }

    /** The last {@code seconds} of the channel's live stream. */
    public Clip fromLive(OnairUser user, String channel, double seconds, String title) {
        Duration length = seconds(seconds, "seconds", LIVE_MIN, LIVE_MAX);
        LiveRecording live = recorder.recording(channel)
                .orElseThrow(() -> ApiException.conflict("channel", "is not live (or not being recorded)"));
        Broadcast b = replays.visible(live.id(), Optional.of(user));
        ReplayView view = replays.view(b);
        VodRendition ref = view.reference().filter(r -> !r.segments().isEmpty())
                .orElseThrow(() -> ApiException.conflict("channel", "has nothing recorded yet"));
        Instant origin = b.firstPdt().orElse(ref.segments().getFirst().programDateTime());
        Duration end = end(ref, origin);
        Duration start = end.minus(length).isNegative() ? Duration.ZERO : end.minus(length);
        return create(user, b, ref, origin, start, end.minus(start), title);
    }

    /** {@code duration} seconds of a replay from {@code start} seconds. */
    public Clip fromReplay(OnairUser user, long broadcast, double start, double duration, String title) {
        Broadcast b = replays.visible(broadcast, Optional.of(user));
        Duration length = seconds(duration, "duration", REPLAY_MIN, REPLAY_MAX);
        ReplayView view = replays.view(b);
        VodRendition ref = view.reference().filter(r -> !r.segments().isEmpty())
                .orElseThrow(() -> ApiException.conflict("id", "has no recorded segments"));
        Instant origin = b.firstPdt().orElse(ref.segments().getFirst().programDateTime());
        // Positions, like chat offsets: a reconnect's time away counts, so the last one is past the media's length.
        Duration total = end(ref, origin);
        if (!(start >= 0) || start > total.toMillis() / 1000.0) {
            throw invalid("start", "must be between 0 and the replay's end (" + total.toSeconds() + " s)");
        }
        Duration from = Duration.ofMillis(Math.round(start * 1000));
        Duration to = from.plus(length).compareTo(total) > 0 ? total : from.plus(length);
        return create(user, b, ref, origin, from, to.minus(from), title);
    }

    /** Where the recording ends: its last segment's program date-time after position 0, plus that segment's length. */
    private static Duration end(VodRendition ref, Instant origin) {
        VodSegment last = ref.segments().getLast();
        return Duration.between(origin, last.programDateTime()).plusNanos(last.durationTicks() * 100_000L / 9);
    }

    private Clip create(OnairUser user, Broadcast b, VodRendition ref, Instant origin, Duration start, Duration length,
            String title) {
        String t = title == null ? "" : title.strip();
        if (t.codePointCount(0, t.length()) > 140) {
            throw invalid("title", "must be at most 140 characters");
        }
        Optional<Duration> wait = limiter.acquire(user.id());
        if (wait.isPresent()) {
            throw new ApiException(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS,
                    "Too many clips: one a minute on average, 10 at once; try again in " + wait.get().toSeconds()
                            + " s", List.of());
        }
        List<VodSegment> covered = new ArrayList<>();
        for (VodSegment s : ref.segments()) {
            Duration from = Duration.between(origin, s.programDateTime());
            Duration to = from.plusNanos(s.durationTicks() * 100_000L / 9);
            if (to.compareTo(start) > 0 && from.compareTo(start.plus(length)) < 0) {
                covered.add(s);
            }
        }
        if (covered.isEmpty()) {
            throw invalid("start", "no recorded media in that range");
        }
        Clip clip = new Clip(newId(), b.id(), b.channel(), t.isEmpty() ? b.title() : t, user.id(), user.username(),
                clock.instant(), covered.getFirst().sequence(), covered.getLast().sequence(), start, length);
        clips.insert(clip);
        return clips.find(clip.id()).orElseThrow();
    }

    public Clip clip(String id) {
        if (!id.matches("[A-Za-z0-9]{1,16}")) {
            throw ApiException.notFound("No clip '" + id + "'");
        }
        return clips.find(id).orElseThrow(() -> ApiException.notFound("No clip '" + id + "'"));
    }

    /**
     * The clip's segments: every rendition cut to the clip's sequence numbers, and where the chosen range starts
     * within them.
     */
    public record ClipView(Clip clip, ReplayView replay, Duration offset) {
    }

    public ClipView view(String id) {
        Clip c = clip(id);
        Broadcast b = index.find(c.broadcast()).orElseThrow(() -> ApiException.notFound("No clip '" + id + "'"));
        ReplayView full = replays.view(b);
        List<VodRendition> cut = full.renditions().stream().map(r -> new VodRendition(r.name(), r.track(),
                        r.extension(), r.segments().stream()
                        .filter(s -> s.sequence() >= c.firstSequence() && s.sequence() <= c.lastSequence()).toList()))
                .filter(r -> !r.segments().isEmpty()).toList();
        ReplayView view = new ReplayView(b, cut);
        Duration offset = view.reference().map(ref -> {
            Instant origin = b.firstPdt().orElse(ref.segments().getFirst().programDateTime());
            return c.start().minus(Duration.between(origin, ref.segments().getFirst().programDateTime()));
        }).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        return new ClipView(c, view, offset);
    }

    public List<Clip> ofChannel(String channel) {
        return clips.ofChannel(channel, 100);
    }

    /** The clipper, the channel's owner and moderators, and site admins. */
    public void delete(OnairUser user, String id) {
        Clip c = clip(id);
        boolean allowed = c.createdBy() == user.id() || user.admin() || channels.channel(c.channel())
                .map(ch -> moderates.test(user, ch)).orElse(false);
        if (!allowed) {
            throw ApiException.forbidden("Only the clip's author, the channel's owner or moderators can delete it");
        }
        clips.delete(id);
        // The clip may have been the last user of a deleted replay's segments: those go now.
        index.find(c.broadcast()).filter(Broadcast::deleted).ifPresent(replays::delete);
    }

    private String newId() {
        StringBuilder b = new StringBuilder(11);
        for (int i = 0; i < 11; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static Duration seconds(double value, String field, Duration min, Duration max) {
        if (!(value >= min.toMillis() / 1000.0 && value <= max.toMillis() / 1000.0)) {
            throw invalid(field, "must be between " + min.toSeconds() + " and " + max.toSeconds() + " seconds");
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(List.of(new ApiException.FieldError(field, message)));
    }
}
