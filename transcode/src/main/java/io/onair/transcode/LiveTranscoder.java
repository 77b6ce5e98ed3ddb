package io.onair.transcode;

import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamListener;
import io.onair.stream.StreamRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live transcoder: one supervised ffmpeg per live publication, its renditions handed to a
 * {@link RenditionSink}. Listens to the registry; the source rendition never goes through here.
 */
public final class LiveTranscoder implements StreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveTranscoder.class);

    private final StreamRegistry registry;
    private final TranscodeSettings settings;
    private final FfmpegInfo ffmpeg;
    private final RenditionSink sink;
    private final InstantSource clock;
    private final AtomicLong runs = new AtomicLong();
    private final Map<String, Transcoder> transcoders = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @throws TranscodeException when {@code ffmpeg} cannot transcode with the configured encoder (named with its
     *                            configuration key)
     */
    public LiveTranscoder(StreamRegistry registry, TranscodeSettings settings, FfmpegInfo ffmpeg, RenditionSink sink,
            InstantSource clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        FfmpegProbe.require(ffmpeg, settings.encoder(), "onair.transcode.encoder");
    }

    /** Starts transcoding live and future publications. */
    public void start() {
        registry.addListener(this);
        for (Publication p : registry.live()) {
            onStart(p);
        }
    }

    @Override
    public void onStart(Publication publication) {
        if (closed) {
            return;
        }
        transcoders.compute(publication.channel(), (channel, previous) -> {
            Transcoder t = new Transcoder(publication, settings, ffmpeg.executable(), sink, clock,
                    () -> channel + "-" + runs.incrementAndGet(), Optional.ofNullable(previous));
            t.start();
            return t;
        });
    }

    @Override
    public void onEnd(Publication publication, EndReason reason) {
        // The transcoder's reader receives the end and finishes by itself.
    }

    /** The channel's transcoder, live or last ended. */
    public Optional<TranscodeStatus> status(String channel) {
        return Optional.ofNullable(transcoders.get(channel)).map(Transcoder::status);
    }

    public List<TranscodeStatus> statuses() {
        return transcoders.values().stream().map(Transcoder::status).toList();
    }

    /** The pid of the channel's running ffmpeg (for operators' tools and the crash tests). */
    public Optional<Long> ffmpegPid(String channel) {
        return Optional.ofNullable(transcoders.get(channel)).flatMap(Transcoder::ffmpegPid);
    }

    /** Stops every transcoder (ffmpeg killed, renditions ended) and waits for them. */
    @Override
    public void close() {
        closed = true;
        registry.removeListener(this);
        transcoders.values().forEach(Transcoder::stop);
        Duration wait = settings.killTimeout().multipliedBy(2);
        for (Transcoder t : transcoders.values()) {
            try {
                if (!t.join(wait)) {
                    log.warn("a transcoder did not stop within {}", wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
