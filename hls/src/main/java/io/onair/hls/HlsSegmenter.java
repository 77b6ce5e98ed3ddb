package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where segments start and end (gohlslib's {@code muxer_segmenter.go}); the bytes are the
 * {@link SegmentFormat}'s, the playlist the {@link LiveWindow}'s. Single-threaded: one channel's packager.
 *
 * <ul>
 *   <li>With video, a segment starts at a keyframe (RFC 8216 §3 and {@code EXT-X-INDEPENDENT-SEGMENTS}: each must
 *       decode on its own) and is cut at the first keyframe once it holds the target duration, so a segment is as
 *       long as the target rounded up to whole GOPs. Without video, it is cut at the first audio frame at or past
 *       the target.
 *   <li>Each segment starts with {@link SegmentWriter#begin} (PAT/PMT), then its keyframe.
 *   <li>A new publication, a timestamp jump, or a track set or config change (a new resolution, a track appearing)
 *       finishes the segment and flags the next as a discontinuity; a config change opens a new writer (new PMT,
 *       SPS/PPS) — iOS freezes on a resolution change without one (Ant Media #1774).
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

    private final String name;
    private final SegmentFormat format;
    private final long targetTicks;
    private final long maxBytes;
    private final Consumer<FinishedSegment> out;

    private final List<Pending> probe = new ArrayList<>();
    private boolean tracksKnown;
    private Optional<VideoConfig> video = Optional.empty();
    private Optional<AudioConfig> audio = Optional.empty();
    private SegmentWriter writer;

    private Building current;
    private boolean nextDiscontinuity;
    /** The main track's last frame interval, carried across segments: the last segment's last frame lasts as long. */
    private long mainFrameTicks;
    private boolean anchored;
    private Instant anchorWall;
    private long anchorDts;

    private record Pending(MediaFrame frame, Instant arrival) {
    }

    /** The segment being written. */
    private static final class Building {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        final long startDts;
        final boolean discontinuity;
        final Instant programDateTime;
        long lastMainDts;
        int videoFrames;

        Building(long startDts, boolean discontinuity, Instant programDateTime) {
            this.startDts = startDts;
            this.discontinuity = discontinuity;
            this.programDateTime = programDateTime;
            this.lastMainDts = startDts;
        }
    }

    HlsSegmenter(String name, SegmentFormat format, Duration target, long maxBytes, Consumer<FinishedSegment> out) {
        this.name = name;
        this.format = format;
        this.targetTicks = target.toMillis() * 90;
        this.maxBytes = maxBytes;
        this.out = out;
    }

    /** A new publication of the channel begins: its first segment is a discontinuity, its tracks are probed anew. */
    void startPublication() {
        finish(Optional.empty());
        mainFrameTicks = 0;
        probe.clear();
        tracksKnown = false;
        writer = null;
        nextDiscontinuity = true;
        anchored = false;
    }

    /** The publication's timestamps jumped: what follows is on a new timeline. */
    void discontinuity() {
        flushProbe();
        finish(Optional.empty());
        nextDiscontinuity = true;
        anchored = false;
    }

    /** The publication ended: the segment in progress is complete as it is. */
    void endPublication() {
        flushProbe();
        finish(Optional.empty());
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
        writer = format.open(video, audio);
        log.info("{}: tracks {} {}", name, video.map(Object::toString).orElse("no video"),
                audio.map(Object::toString).orElse("no audio"));
        List<Pending> held = List.copyOf(probe);
        probe.clear();
        held.forEach(p -> accept(p.frame(), p.arrival()));
    }

    private void accept(MediaFrame frame, Instant arrival) {
        if (changesTracks(frame)) {
            finish(Optional.empty());
            switch (frame) {
                case VideoFrame v -> video = Optional.of(v.config());
                case AudioFrame a -> audio = Optional.of(a.config());
            }
            log.info("{}: track change to {} {}: new segment writer, discontinuity", name,
                    video.map(Object::toString).orElse("no video"), audio.map(Object::toString).orElse("no audio"));
            writer = format.open(video, audio);
            nextDiscontinuity = true;
        }
        boolean hasVideo = video.isPresent();
        boolean main = hasVideo == frame instanceof VideoFrame;
        boolean startPoint = hasVideo ? frame instanceof VideoFrame v && v.keyframe() : true;
        if (current == null) {
            if (startPoint) {
                open(frame, arrival);
            }
            return;
        }
        if (startPoint && frame.dts() - current.startDts >= targetTicks) {
            finish(Optional.of(frame.dts()));
            open(frame, arrival);
            return;
        }
        write(frame, main);
    }

    private boolean changesTracks(MediaFrame frame) {
        return switch (frame) {
            case VideoFrame v -> video.isEmpty() || !video.get().equals(v.config());
            case AudioFrame a -> audio.isEmpty() || !audio.get().equals(a.config());
        };
    }

    private void open(MediaFrame frame, Instant arrival) {
        if (!anchored) {
            anchored = true;
            anchorWall = arrival;
            anchorDts = frame.dts();
        }
        long nanos = Math.multiplyExact(frame.dts() - anchorDts, 100_000L) / 9; // 90 kHz ticks to ns
        current = new Building(frame.dts(), nextDiscontinuity, anchorWall.plusNanos(nanos));
        nextDiscontinuity = false;
        writer.begin(current.bytes);
        write(frame, true);
    }

    private void write(MediaFrame frame, boolean main) {
        writer.write(frame, current.bytes);
        if (frame instanceof VideoFrame) {
            current.videoFrames++;
        }
        if (main && frame.dts() > current.lastMainDts) {
            mainFrameTicks = frame.dts() - current.lastMainDts;
            current.lastMainDts = frame.dts();
        }
        if (current.bytes.size() > maxBytes) {
            log.warn("{}: segment passed {} bytes after {} s without a keyframe: abandoned; the next starts at a"
                    + " keyframe after a discontinuity", name, maxBytes,
                    Timebase.mpegToSeconds(current.lastMainDts - current.startDts));
            current = null;
            nextDiscontinuity = true;
        }
    }

    /**
     * Completes the segment in progress.
     *
     * @param nextStart the first dts of the segment that follows, when cut for it: the duration then runs exactly to
     *                  it; otherwise it ends one frame after its last frame
     */
    private void finish(Optional<Long> nextStart) {
        if (current == null) {
            return;
        }
        Building b = current;
        current = null;
        long duration = nextStart.map(next -> next - b.startDts)
                .orElse(b.lastMainDts - b.startDts + (mainFrameTicks > 0 ? mainFrameTicks : Timebase.MPEG / 30));
        out.accept(new FinishedSegment(b.bytes.toByteArray(), b.startDts, duration, b.discontinuity,
                b.programDateTime, video, audio, b.videoFrames));
    }
}
