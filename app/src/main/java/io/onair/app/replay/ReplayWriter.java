package io.onair.app.replay;

import io.onair.app.storage.BlobStore;
import io.onair.hls.ArchivedSegment;
import io.onair.hls.HlsSegment;
import io.onair.hls.VodSegment;
import io.onair.hls.VodTrack;
import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a replay's objects and then indexes them, so a replay lists only stored bytes: what the live recorder's
 * writer does with each segment and init segment, and what an upload's offline packaging does too (one code path,
 * one layout: {@link ReplayKeys}). Objects are stored with retries ({@code onair.replays.store-attempts}, back-off
 * from 250 ms); an object that could not be stored is not indexed, and the caller decides what that means (a live
 * replay gets a hole, an upload fails). Blocking; one caller per broadcast.
 */
final class ReplayWriter {
    private static final Logger log = LoggerFactory.getLogger(ReplayWriter.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);

    private final ReplayRepository replays;
    private final BlobStore store;
    private final int attempts;
    private final ReplayRecorder.Sleeper sleeper;
    private final AtomicLong failed = new AtomicLong();

    ReplayWriter(ReplayRepository replays, BlobStore store, int attempts, ReplayRecorder.Sleeper sleeper) {
        this.replays = replays;
        this.store = store;
        this.attempts = attempts;
        this.sleeper = sleeper;
    }

    /** Stores init segment {@code number} of a rendition and indexes it; false when it could not be stored. */
    boolean init(LiveRecording r, String rendition, long number, byte[] data) throws InterruptedException {
        String key = ReplayKeys.init(r.id(), rendition, number);
        if (!store(key, data, "video/mp4")) {
            return false;
        }
        replays.addInit(r.id(), rendition, number, key);
        r.init(rendition, number, data);
        return true;
    }

    /**
     * Stores a segment, then indexes it (the rendition on its first segment, the replay's first program date-time,
     * its size and duration) and adds it to the in-memory index; false when it could not be stored.
     */
    boolean segment(LiveRecording r, String rendition, ArchivedSegment a) throws InterruptedException {
        HlsSegment seg = a.segment();
        String key = ReplayKeys.segment(r.id(), rendition, seg.sequence(), a.extension());
        String type = a.extension().equals("ts") ? "video/mp2t" : "video/iso.segment";
        if (!store(key, seg.data(), type)) {
            return false;
        }
        VodSegment v = new VodSegment(seg.sequence(), seg.start(), seg.durationTicks(), seg.discontinuity(),
                seg.programDateTime(), seg.init(), seg.bytes().length());
        VodTrack track = track(a);
        if (!r.has(rendition)) {
            replays.addRendition(r.id(), rendition, track, a.extension());
        }
        boolean first = r.firstPdt().isEmpty();
        if (first) {
            replays.setFirstPdt(r.id(), seg.programDateTime());
        }
        long endMs = first ? seg.durationTicks() / 90 : r.endMs(v);
        replays.addSegment(r.id(), rendition, v, key, endMs);
        r.add(rendition, track, a.extension(), v);
        return true;
    }

    /** Objects that could not be stored after every attempt, since start. */
    long failed() {
        return failed.get();
    }

    /** Stores with retries; false when every attempt failed. */
    private boolean store(String key, byte[] data, String type) throws InterruptedException {
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                store.put(key, data, type);
                return true;
            } catch (IOException | RuntimeException e) {
                if (attempt >= attempts) {
                    long n = failed.incrementAndGet();
                    log.error("replays: could not store {} after {} attempts ({} so far): {}", key, attempt, n,
                            e.toString());
                    return false;
                }
                log.warn("replays: storing {} failed (attempt {} of {}), retrying in {} ms: {}", key, attempt,
                        attempts, wait.toMillis(), e.toString());
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    static VodTrack track(ArchivedSegment s) {
        if (s.video().isPresent()) {
            VideoConfig v = s.video().get();
            double seconds = s.segment().durationSeconds();
            OptionalDouble fps = s.videoFrames() > 1 && seconds > 0
                    ? OptionalDouble.of(Math.round(s.videoFrames() / seconds * 1000) / 1000.0)
                    : OptionalDouble.empty();
            String codecs = v.codecsString() + s.audio().map(a -> "," + a.codecsString()).orElse("");
            return new VodTrack(false, codecs, v.width(), v.height(), fps, 0, 0);
        }
        AudioConfig a = s.audio().orElseThrow(() -> new IllegalArgumentException("a segment without tracks"));
        return new VodTrack(true, a.codecsString(), 0, 0, OptionalDouble.empty(), a.sampleRate(), a.channels());
    }
}
