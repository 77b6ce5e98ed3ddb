package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where the source's segments start (gohlslib's {@code muxer_segmenter.go}); the renditions cut their own
 * frames at those points ({@link SegmentPlan}), the bytes are the {@link SegmentFormat}'s, the playlists the
 * {@link LiveWindow}s'. Single-threaded: one channel's packager.
 *
 * <ul>
 *   <li>With video, a segment starts at a keyframe (RFC 8216 §3 and {@code EXT-X-INDEPENDENT-SEGMENTS}: each must
 *       decode on its own) and is cut at the first keyframe once it holds the target duration, so a segment is as
 *       long as the target rounded up to whole GOPs. Without video, it is cut at the first audio frame at or past
 *       the target.
 *   <li>A new publication, a timestamp jump, or a track set or config change (a new resolution, a track appearing)
 *       interrupts the timeline and flags the next cut as a discontinuity; renditions answer a config change with a
 *       new init segment (fMP4) or a new PMT (MPEG-TS) — iOS freezes on a resolution change without one (Ant Media
 *       #1774).
 *   <li>At the start of a publication the track set is not known from the first frame: frames are held until both
 *       a video and an audio frame were seen, or {@link #PROBE_TICKS} of media, or {@link #PROBE_FRAMES} frames.
 *   <li>Program date-time is anchored once (the arrival clock of the first frame, at publication start and after
 *       each discontinuity) and then advances with the media timestamps, so it does not jitter with the network.
 * </ul>
 */
final class HlsSegmenter {
    /** RTMP encoders send both tracks' first frames together; one second also covers an encoder starting audio late. */
    static final long PROBE_TICKS = Timebase.MPEG;
    /** One second of 240 fps video with its audio: bounds what the probe holds. */
    static final int PROBE_FRAMES = 500;

    private static final Logger log = LoggerFactory.getLogger(HlsSegmenter.class);

    /** What the segmenter decides, in stream order. */
    interface Sink {
        /** The source's tracks (at the start of a publication and on every change). */
        void tracks(Optional<VideoConfig> video, Optional<AudioConfig> audio);

        /**
         * A segment starts with the next video frame, a keyframe at presentation time {@code pts} and decoding time
         * {@code dts} (with the next frame for audio-only streams): the segment before it is complete. The
         * keyframe may still be arriving ({@link #keyframeStart}).
         */
        void cut(long pts, long dts, boolean discontinuity, Instant programDateTime);

        /** A frame of the current segment (the first one after a cut is the frame that started it). */
        void frame(MediaFrame frame);

        /** The timeline stops here: the segment in progress ends with its last frame. */
        void interrupt();
    }

    private final String name;
    private final long targetTicks;
    private final long maxBytes;
    private final Sink out;

    private final List<Pending> probe = new ArrayList<>();
    private boolean tracksKnown;
    private Optional<VideoConfig> video = Optional.empty();
    private Optional<AudioConfig> audio = Optional.empty();

    private boolean open;
    private long startDts;
    private long bytes;
    private boolean nextDiscontinuity;
    private boolean anchored;
    private Instant anchorWall;
    private long anchorDts;
    /** The segment was cut at a keyframe announced by {@link #keyframeStart}, whose frame has not come yet. */
    private boolean announced;
    private long announcedDts;
    private long announcedPts;

    private record Pending(MediaFrame frame, Instant arrival) {
    }

    HlsSegmenter(String name, Duration target, long maxBytes, Sink out) {
        this.name = name;
        this.targetTicks = target.toMillis() * 90;
        this.maxBytes = maxBytes;
        this.out = out;
    }

    /** A new publication of the channel begins: its first segment is a discontinuity, its tracks are probed anew. */
    void startPublication() {
        interrupt();
        probe.clear();
        tracksKnown = false;
        nextDiscontinuity = true;
        anchored = false;
    }

    /** The publication's timestamps jumped: what follows is on a new timeline. */
    void discontinuity() {
        flushProbe();
        interrupt();
        nextDiscontinuity = true;
        anchored = false;
    }

    /** The publication ended: the segment in progress is complete as it is. */
    void endPublication() {
        flushProbe();
        interrupt();
    }

    /**
     * A keyframe with these timestamps has begun to arrive: when it is where the segment would be cut, the cut is
     * made now, so the segment in progress (all of whose frames are in) is listed without waiting for the rest of
     * the keyframe: a 200 KB keyframe on a 6 Mbit/s uplink takes a quarter of a second to arrive. Everything else
     * waits for the frame. When the frame that follows is not this keyframe (the ingest aborted it, or the reader
     * dropped it), the segment cut for it stays without video and the timeline continues after a discontinuity.
     */
    void keyframeStart(long dts, long pts, Instant arrival) {
        if (!tracksKnown || !open || video.isEmpty() || announced || dts - startDts < targetTicks) {
            return;
        }
        cutAt(dts, pts, arrival);
        announced = true;
        announcedDts = dts;
        announcedPts = pts;
    }

    void frame(MediaFrame frame, Instant arrival) {
        if (!tracksKnown) {
            probe.add(new Pending(frame, arrival));
            boolean both = probe.stream().anyMatch(p -> p.frame() instanceof VideoFrame)
                    && probe.stream().anyMatch(p -> p.frame() instanceof AudioFrame);
            long span = frame.dts() - probe.getFirst().frame().dts();
            if (both || Math.abs(span) >= PROBE_TICKS || probe.size() >= PROBE_FRAMES) {
                flushProbe();
            }
            return;
        }
        accept(frame, arrival);
    }

    private void flushProbe() {
        if (tracksKnown || probe.isEmpty()) {
            return;
        }
        video = probe.stream().map(Pending::frame).filter(f -> f instanceof VideoFrame)
                .map(f -> ((VideoFrame) f).config()).findFirst();
        audio = probe.stream().map(Pending::frame).filter(f -> f instanceof AudioFrame)
                .map(f -> ((AudioFrame) f).config()).findFirst();
        tracksKnown = true;
        out.tracks(video, audio);
        log.info("{}: tracks {} {}", name, video.map(Object::toString).orElse("no video"),
                audio.map(Object::toString).orElse("no audio"));
        List<Pending> held = List.copyOf(probe);
        probe.clear();
        held.forEach(p -> accept(p.frame(), p.arrival()));
    }

    private void accept(MediaFrame frame, Instant arrival) {
        if (announced && frame instanceof VideoFrame v) {
            announced = false;
            if (v.keyframe() && v.dts() == announcedDts && v.pts() == announcedPts && !changesTracks(v)) {
                bytes = v.data().length;
                out.frame(v); // the first frame of the segment cut at its start
                return;
            }
            log.info("{}: the keyframe at pts {} whose start cut a segment did not follow; that segment has no video,"
                    + " the next starts after a discontinuity", name, announcedPts);
            interrupt();
            nextDiscontinuity = true;
        }
        if (changesTracks(frame)) {
            interrupt();
            switch (frame) {
                case VideoFrame v -> video = Optional.of(v.config());
                case AudioFrame a -> audio = Optional.of(a.config());
            }
            log.info("{}: track change to {} {}: discontinuity", name,
                    video.map(Object::toString).orElse("no video"), audio.map(Object::toString).orElse("no audio"));
            out.tracks(video, audio);
            nextDiscontinuity = true;
        }
        boolean hasVideo = video.isPresent();
        boolean startPoint = hasVideo ? frame instanceof VideoFrame v && v.keyframe() : true;
        if (!open) {
            if (startPoint) {
                cut(frame, arrival);
            }
            return;
        }
        if (startPoint && frame.dts() - startDts >= targetTicks) {
            cut(frame, arrival);
            return;
        }
        out.frame(frame);
        bytes += frame.data().length;
        if (bytes > maxBytes) {
            log.warn("{}: segment passed {} bytes after {} s without a keyframe: abandoned; the next starts at a"
                    + " keyframe after a discontinuity", name, maxBytes,
                    Timebase.mpegToSeconds(frame.dts() - startDts));
            interrupt();
            nextDiscontinuity = true;
        }
    }

    private boolean changesTracks(MediaFrame frame) {
        return switch (frame) {
            case VideoFrame v -> video.isEmpty() || !video.get().equals(v.config());
            case AudioFrame a -> audio.isEmpty() || !audio.get().equals(a.config());
        };
    }

    private void cut(MediaFrame frame, Instant arrival) {
        cutAt(frame.dts(), frame.pts(), arrival);
        bytes = frame.data().length;
        out.frame(frame);
    }

    private void cutAt(long dts, long pts, Instant arrival) {
        if (!anchored) {
            anchored = true;
            anchorWall = arrival;
            anchorDts = dts;
        }
        long nanos = Math.multiplyExact(dts - anchorDts, 100_000L) / 9; // 90 kHz ticks to ns
        open = true;
        startDts = dts;
        bytes = 0;
        out.cut(pts, dts, nextDiscontinuity, anchorWall.plusNanos(nanos));
        nextDiscontinuity = false;
    }

    private void interrupt() {
        announced = false;
        if (open) {
            open = false;
            out.interrupt();
        }
    }
}
