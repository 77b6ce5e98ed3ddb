package io.onair.hls;

import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Packages a file (an upload, issue 7) with the live packager, offline: the caller hands over the source's frames and
 * each transcoded rendition's frames in decoding order (merged by DTS, the source first on a tie), and every segment
 * and init segment goes to the {@link SegmentArchive} exactly as a live broadcast of the same frames would have made
 * them: the source's segmenter decides the boundaries, the renditions are cut at the same keyframe PTS, fMP4/CMAF
 * with {@code init-{n}.mp4}, the audio its own rendition. A replay of an upload is therefore served by the same code
 * and has the same shape as a recorded broadcast.
 *
 * <p>Time: the packager's clock is {@code start} plus the media time fed so far, so program date-times begin at
 * {@code start} and advance with the media, sequence numbers start at {@code start}'s Unix second, and segments
 * that left the (live) window are freed as media time passes: memory stays bounded by the window, whatever the
 * file's length. Single-threaded: one caller, no packager thread; the archive is called on the caller's thread
 * (unlike a live archive, it may block: nothing waits on it).
 *
 * <p>Low latency is off whatever the settings say: parts exist for live viewers only.
 */
public final class OfflinePackager {
    private final HlsChannel channel;
    private final MediaClock clock;
    private final Instant start;
    private final long sweepTicks;
    private final List<String> renditions = new ArrayList<>();
    private long firstDts = Long.MIN_VALUE;
    private long lastSweepTicks;
    private State state = State.NEW;

    private enum State { NEW, STARTED, FINISHED }

    /** The packager's clock: the start plus the media time fed so far. */
    private static final class MediaClock implements InstantSource {
        private Instant now;

        MediaClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * @param name    the channel the file belongs to (named in the archive calls and logs)
     * @param start   the program date-time of the file's first frame
     * @param archive where every segment and init segment goes
     */
    public OfflinePackager(String name, HlsSettings settings, SegmentFormat format, Instant start,
            SegmentArchive archive) {
        this.start = Objects.requireNonNull(start, "start");
        this.clock = new MediaClock(start);
        HlsSettings offline = settings.withPartTarget(Duration.ZERO);
        this.channel = new HlsChannel(name, offline, clock, format, Objects.requireNonNull(archive, "archive"));
        this.sweepTicks = offline.targetDuration().toMillis() * 90;
    }

    /** Begins the file, with these transcoded renditions besides the source (and the audio, if it has any). */
    public void start(List<String> transcoded) {
        if (state != State.NEW) {
            throw new IllegalStateException("start: already " + state);
        }
        for (String r : transcoded) {
            if (r.equals(HlsChannel.SOURCE) || r.equals(HlsChannel.AUDIO)) {
                throw new IllegalArgumentException("rendition '" + r + "' is the packager's own");
            }
        }
        state = State.STARTED;
        channel.startOffline();
        for (String r : transcoded) {
            renditions.add(r);
            channel.renditionStarted(r);
        }
    }

    /** A frame of the source (video or audio), in decoding order. */
    public void source(MediaFrame frame) {
        requireStarted();
        advance(frame.dts());
        channel.sourceFrame(frame, clock.instant());
    }

    /** A video frame of transcoded rendition {@code name}, on the source's timeline. */
    public void rendition(String name, VideoFrame frame) {
        requireStarted();
        if (!renditions.contains(name)) {
            throw new IllegalArgumentException("rendition '" + name + "' was not started");
        }
        advance(frame.dts());
        channel.renditionFrame(name, frame);
    }

    /** The file ended: the last segments complete, every playlist ends and the archive hears {@code ended}. */
    public void finish() {
        requireStarted();
        state = State.FINISHED;
        channel.endOffline();
        for (String r : renditions) {
            channel.renditionEnded(r, "end of file");
        }
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException(state == State.NEW ? "not started" : "already finished");
        }
    }

    private void advance(long dts) {
        if (firstDts == Long.MIN_VALUE) {
            firstDts = dts;
        }
        long ticks = Math.max(0, dts - firstDts);
        Instant at = start.plusNanos(Math.multiplyExact(ticks, 100_000L) / 9);
        if (at.isAfter(clock.now)) {
            clock.now = at;
        }
        if (ticks - lastSweepTicks >= sweepTicks) {
            lastSweepTicks = ticks;
            channel.sweep(clock.instant()); // frees segments that left the window: what a live origin's sweep does
        }
    }
}
