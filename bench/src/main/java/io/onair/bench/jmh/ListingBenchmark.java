package io.onair.bench.jmh;

import io.onair.hls.Fmp4SegmentFormat;
import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.hls.HlsSettings;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A segment's listing at its closing keyframe (issue 2), as the live path does it: a publication with the HLS
 * packager attached (fMP4, LL-HLS parts of 500 ms: the server's defaults), fed the bench input's GOP again and again
 * with timestamps moved on; one op is {@link Publication#keyframeStart} with the packager idle, which cuts the
 * segment and publishes the snapshot that lists it on the calling thread (the ingest's, in the server). The GOP's
 * frames are written before each op and not measured. A tear-down checks the op listed a segment and counts the
 * ops whose hint the packager took instead.
 *
 * <p>{@code pauseMs} is the pause after a GOP's frames, for the packager to take them. The default, 100 ms, makes a few
 * hundred ops in a short run: the code of a listing runs once a segment, so a server up for minutes runs it as rarely
 * as this, mostly before the JIT compiled it. {@code -p pauseMs=8} makes thousands: the listing's cost once compiled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListingBenchmark {
    /** 48 kHz AAC: 1024 samples a frame, in 90 kHz ticks. */
    private static final long AAC_FRAME_TICKS = 1024L * 90_000 / 48_000;

    private HlsOrigin origin;
    private Publication publication;
    private HlsChannel channel;
    private List<VideoFrame> video;
    private List<AudioFrame> audio;
    private long gopTicks;
    private long shift;
    private long audioDts;
    private int audioIndex;
    private int listedBefore;
    private int queued;
    @Param("100")
    public long pauseMs;
    private final MediaClock clock = new MediaClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** The benchmark's clock: moved on with the media it writes. */
    private static final class MediaClock implements InstantSource {
        private volatile Instant now;

        MediaClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private long frameTicks() {
        return gopTicks / video.size();
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Gop gop = Gop.second();
        video = gop.videoFrames().stream().map(VideoFrame.class::cast).toList();
        audio = gop.audioFrames().stream().map(AudioFrame.class::cast).toList();
        gopTicks = gop.nextVideoDts() - video.getFirst().dts();
        audioDts = audio.getFirst().dts();
        StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
        HlsSettings settings = new HlsSettings(HlsSettings.DEFAULT_TARGET_DURATION,
                HlsSettings.DEFAULT_PLAYLIST_SEGMENTS, HlsSettings.DEFAULT_END_GRACE,
                HlsSettings.DEFAULT_ENDED_RETENTION, HlsSettings.DEFAULT_MAX_SEGMENT_BYTES,
                HlsSettings.DEFAULT_READER_CAPACITY, HlsSettings.DEFAULT_PART_TARGET);
        origin = new HlsOrigin(registry, settings, clock, new Fmp4SegmentFormat(), false);
        publication = registry.startPublishing("bench", reason -> { });
        channel = origin.channel("bench").orElseThrow();
        writeGop(); // the first segment: its keyframe starts the timeline, no hint before it
    }

    /**
     * The next GOP's frames, the clock following their media time (what the window keeps for late requests is timed
     * on it, so media time must not run ahead of it), a sweep a GOP as the server's every second, then time for the
     * packager to take them all (a few ms, warm).
     */
    @Setup(Level.Invocation)
    public void writeGop() throws InterruptedException {
        origin.sweep();
        for (VideoFrame v : video) {
            clock.advance(Duration.ofNanos(frameTicks() * 100_000 / 9));
            while (audioDts <= v.dts() + shift) {
                AudioFrame a = audio.get(audioIndex++ % audio.size());
                publication.write(new AudioFrame(a.config(), audioDts, a.data()));
                audioDts += AAC_FRAME_TICKS;
            }
            publication.write(new VideoFrame(v.config(), v.dts() + shift, v.pts() + shift, v.keyframe(), v.data()));
        }
        shift += gopTicks;
        Thread.sleep(pauseMs);
        listedBefore = listed();
    }

    @Benchmark
    public void listAtKeyframe() {
        VideoFrame next = video.getFirst();
        publication.keyframeStart(next.dts() + shift, next.pts() + shift);
    }

    /**
     * The op listed a segment, or the packager did it instead: it was still busy with the GOP (a pause too short for
     * this machine), so the hint was queued. Those ops measured a queue offer; they are counted and printed.
     */
    @TearDown(Level.Invocation)
    public void checkListed() throws InterruptedException {
        if (listed() != listedBefore) {
            return;
        }
        queued++;
        for (int i = 0; i < 1000 && listed() == listedBefore; i++) {
            Thread.sleep(1);
        }
        if (listed() == listedBefore) {
            throw new IllegalStateException("the keyframe hint listed no segment within a second\n"
                    + channel.mediaPlaylist(HlsChannel.SOURCE).orElse("(no playlist)"));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("hints the packager took instead (its lock was held): " + queued);
        origin.close();
    }

    /** Segments listed so far: the media sequence number plus the segments in the playlist. */
    private int listed() {
        String playlist = channel.mediaPlaylist(HlsChannel.SOURCE).orElse("");
        int sequence = 0;
        int segments = 0;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = (int) (Long.parseLong(line.substring(22).trim()) % 1_000_000);
            } else if (line.startsWith("#EXTINF:")) {
                segments++;
            }
        }
        return sequence + segments;
    }
}
