package io.onair.app.replay;

import io.onair.app.storage.BlobStore;
import io.onair.hls.ArchivedSegment;
import io.onair.hls.SegmentArchive;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The archive of an upload's offline packaging ({@link io.onair.hls.OfflinePackager}): each init segment and segment
 * is stored and indexed into one broadcast as it comes, on the caller's thread, through the same
 * {@link ReplayWriter} (and so the same layout and index) as live recordings. Unlike the live recorder it blocks:
 * only the upload job waits on it. The packager only logs what an archive throws, so the first failure is kept
 * here ({@link #failure}) and everything after it is skipped; the job checks it and fails. Not thread-safe.
 */
public final class DirectReplayArchive implements SegmentArchive {
    private final ReplayWriter writer;
    private final LiveRecording recording;
    private final BooleanSupplier cancelled;
    private final Set<String> renditions = new TreeSet<>();
    private Optional<String> failure = Optional.empty();
    private boolean ended;

    /**
     * @param broadcast the broadcast row the segments belong to
     * @param cancelled true once the job was cancelled: nothing more is stored
     */
    public DirectReplayArchive(ReplayRepository replays, BlobStore store, ReplayProperties settings, long broadcast,
            String channel, Instant startedAt, BooleanSupplier cancelled) {
        this.writer = new ReplayWriter(replays, store, settings.storeAttempts(), d -> Thread.sleep(d));
        this.recording = new LiveRecording(broadcast, channel, startedAt);
        this.cancelled = cancelled;
    }

    @Override
    public void init(String channel, String rendition, long number, byte[] bytes) {
        if (skip()) {
            return;
        }
        try {
            if (!writer.init(recording, rendition, number, bytes)) {
                failure = Optional.of("could not store init segment " + number + " of " + rendition);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of("interrupted");
        }
    }

    @Override
    public void segment(String channel, String rendition, ArchivedSegment segment) {
        if (skip() || segment.segment().gap()) {
            return;
        }
        try {
            if (writer.segment(recording, rendition, segment)) {
                renditions.add(rendition);
            } else {
                failure = Optional.of("could not store segment " + segment.segment().sequence() + " of " + rendition);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of("interrupted");
        }
    }

    @Override
    public void ended(String channel, Instant at) {
        ended = true;
    }

    private boolean skip() {
        return failure.isPresent() || cancelled.getAsBoolean();
    }

    /** Why storing stopped, if it did. */
    public Optional<String> failure() {
        return failure;
    }

    /** The packager said every rendition delivered its last segment. */
    public boolean ended() {
        return ended;
    }

    /** Renditions with at least one stored segment. */
    public Set<String> renditions() {
        return Set.copyOf(renditions);
    }
}
