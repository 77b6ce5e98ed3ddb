package io.onair.transcode;

import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvDemuxer;
import io.onair.media.flv.FlvVideoTag;
import io.onair.media.flv.VideoFrameType;
import io.onair.media.flv.VideoPacketType;
import io.onair.stream.FrameThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ffmpeg process and its plumbing: FLV into its stdin, one Unix socket per rendition that it connects to with
 * {@code -f flv unix:…}, a thread per socket turning the FLV back into frames for the {@link RenditionSink}, one for
 * stderr. Unix sockets rather than more pipes: Java's ProcessBuilder gives a child only stdin/stdout/stderr, and
 * loopback TCP would take ports and be reachable by other local users; the socket files live in a private
 * directory and are removed after the run.
 */
final class FfmpegRun {
    private static final Logger log = LoggerFactory.getLogger(FfmpegRun.class);
    /** sun_path is 108 bytes on Linux; longer work directories fall back to the system temp directory. */
    static final int MAX_SOCKET_PATH = 100;
    /** Pipe and socket buffers: a few frames of a 1080p stream per write. */
    private static final int BUFFER = 64 * 1024;

    private final String channel;
    private final List<Rendition> renditions;
    private final RenditionSink sink;
    private final TimestampMap timestamps;
    private final StderrLog stderr;
    private final Instant startedAt;
    private final Path dir;
    private final boolean ownDir;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Process process;
    private final FlvStreamWriter writer;
    private final AtomicLong outputPts = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong misalignedKeyframes = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicReference<String> outputFailure = new AtomicReference<>();
    private final Map<String, AtomicLong> framesOut = new LinkedHashMap<>();
    private final InstantSource clock;
    private final Duration stallTimeout;
    /** When the current write into stdin began, or null between writes: the watchdog's view of a hung ffmpeg. */
    private volatile Instant writingSince;
    private volatile boolean closing;
    private final Thread watchdog;
    private boolean headerWritten;

    private FfmpegRun(String channel, List<Rendition> renditions, RenditionSink sink, TimestampMap timestamps,
            StderrLog stderr, InstantSource clock, Path dir, boolean ownDir, Path ffmpeg, TranscodeSettings settings)
            throws IOException {
        this.channel = channel;
        this.clock = clock;
        this.startedAt = clock.instant();
        // A write blocked for a whole speed window: ffmpeg stopped reading (hung, not slow).
        this.stallTimeout = settings.speedWindow();
        this.renditions = renditions;
        this.sink = sink;
        this.timestamps = timestamps;
        this.stderr = stderr;
        this.dir = dir;
        this.ownDir = ownDir;
        List<Path> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < renditions.size(); i++) {
                Path socket = dir.resolve(i + ".sock");
                Files.deleteIfExists(socket);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                servers.add(server);
                server.bind(UnixDomainSocketAddress.of(socket));
                sockets.add(socket);
                framesOut.put(renditions.get(i).name(), new AtomicLong());
            }
            List<String> command = FfmpegCommand.build(ffmpeg, settings, renditions,
                    r -> sockets.get(renditions.indexOf(r)));
            log.info("{}: starting ffmpeg for {}: {}", channel, renditions.stream().map(Rendition::name).toList(),
                    String.join(" ", command));
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            closeSockets();
            throw e;
        }
        writer = new FlvStreamWriter(new BufferedOutputStream(process.getOutputStream(), BUFFER));
        threads.add(Thread.ofVirtual().name("transcode-" + channel + "-stderr").start(this::readStderr));
        watchdog = Thread.ofVirtual().name("transcode-" + channel + "-watchdog").start(this::watch);
        for (int i = 0; i < renditions.size(); i++) {
            Rendition r = renditions.get(i);
            ServerSocketChannel server = servers.get(i);
            threads.add(FrameThreads.start("transcode-" + channel + "-" + r.name(), () -> readOutput(r, server)));
        }
    }

    /**
     * Creates the sockets and starts ffmpeg.
     *
     * @param runId unique within the process, names the run's socket directory
     */
    static FfmpegRun start(String channel, String runId, List<Rendition> renditions, RenditionSink sink,
            TimestampMap timestamps, InstantSource clock, Path ffmpeg, TranscodeSettings settings) throws IOException {
        Path dir = settings.workDir().toAbsolutePath().resolve(runId);
        boolean fallback = dir.resolve("0.sock").toString().getBytes(StandardCharsets.UTF_8).length
                > MAX_SOCKET_PATH;
        if (fallback) {
            dir = Files.createTempDirectory("onair-tc");
        } else {
            Files.createDirectories(dir);
        }
        try {
            return new FfmpegRun(channel, renditions, sink, timestamps, new StderrLog(channel, clock), clock, dir,
                    true, ffmpeg, settings);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    List<Rendition> renditions() {
        return renditions;
    }

    Instant startedAt() {
        return startedAt;
    }

    long pid() {
        return process.pid();
    }

    /** Writes a frame into ffmpeg's stdin; the first one also writes the FLV header, metadata and AVC config. */
    void write(VideoFrame frame, double fps) throws IOException {
        writingSince = clock.instant();
        try {
            writeTags(frame, fps);
        } finally {
            writingSince = null;
        }
    }

    private void writeTags(VideoFrame frame, double fps) throws IOException {
        if (!headerWritten) {
            headerWritten = true;
            VideoConfig config = frame.config();
            writer.writeHeader(false, true);
            Map<String, Double> meta = new LinkedHashMap<>();
            meta.put("width", (double) config.width());
            meta.put("height", (double) config.height());
            if (fps > 0) {
                meta.put("framerate", fps);
            }
            meta.put("videocodecid", 7.0);
            writer.writeTag(new FlvTag(FlvTag.SCRIPT, 0, FlvStreamWriter.metadata(meta)));
            byte[] avcC = new FlvVideoTag(VideoFrameType.KEY, config.codec(), VideoPacketType.SEQUENCE_START, 0,
                    false, config.decoderConfig()).encode();
            writer.writeTag(new FlvTag(FlvTag.VIDEO, timestamps.toMillis(frame.dts()), avcC));
        }
        long dtsMs = timestamps.toMillis(frame.dts());
        long ptsMs = timestamps.remember(frame.pts(), frame.keyframe());
        byte[] body = new FlvVideoTag(frame.keyframe() ? VideoFrameType.KEY : VideoFrameType.INTER,
                frame.config().codec(), VideoPacketType.CODED_FRAMES, (int) (ptsMs - dtsMs), false, frame.data())
                .encode();
        writer.writeTag(new FlvTag(FlvTag.VIDEO, dtsMs, body));
    }

    void flush() throws IOException {
        writingSince = clock.instant();
        try {
            writer.flush();
        } finally {
            writingSince = null;
        }
    }

    /** Kills ffmpeg without waiting: unblocks a feeding thread stuck in a write. */
    void abort() {
        process.destroyForcibly();
    }

    private void watch() {
        try {
            while (!closing && process.isAlive()) {
                Thread.sleep(1000);
                Instant since = writingSince;
                if (since != null && clock.instant().isAfter(since.plus(stallTimeout))) {
                    outputFailure.compareAndSet(null, "ffmpeg stopped reading its input for " + stallTimeout
                            .toSeconds() + " s: killed");
                    process.destroyForcibly();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    /** Null while healthy; why the run failed once ffmpeg exited or an output broke. */
    String failure() {
        String output = outputFailure.get();
        if (output != null) {
            return output;
        }
        if (!process.isAlive()) {
            String last = stderr.lastLine();
            return "ffmpeg exited with code " + process.exitValue() + (last.isEmpty() ? "" : " (" + last + ")");
        }
        return null;
    }

    /** The latest rendition pts put out, source timeline, or {@code Long.MIN_VALUE} before the first. */
    long outputPts() {
        return outputPts.get();
    }

    long misalignedKeyframes() {
        return misalignedKeyframes.get();
    }

    /**
     * Ends the run gracefully: stdin closed so ffmpeg flushes its encoders and exits; killed after {@code timeout}.
     * Returns once every output thread finished, so no rendition frame of this run follows.
     */
    void finish(Duration timeout) {
        try {
            writer.flush();
        } catch (IOException e) {
            log.debug("{}: flushing ffmpeg's stdin: {}", channel, e.toString());
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("{}: closing ffmpeg's stdin: {}", channel, e.toString());
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: ffmpeg did not exit within {} of its input ending: killed", channel, timeout);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        cleanUp(timeout);
    }

    /** Kills ffmpeg at once and waits for its threads. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanUp(timeout);
    }

    private void cleanUp(Duration timeout) {
        closing = true;
        watchdog.interrupt();
        closeSockets();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!t.join(Duration.ofMillis(left))) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stderr.summarise(Instant.MAX);
        if (ownDir) {
            deleteQuietly(dir);
        }
    }

    private void closeSockets() {
        for (ServerSocketChannel server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                log.debug("closing a socket: {}", e.toString());
            }
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                stderr.line(line);
            }
        } catch (IOException e) {
            log.debug("{}: ffmpeg stderr: {}", channel, e.toString());
        }
    }

    private void readOutput(Rendition rendition, ServerSocketChannel server) {
        String name = rendition.name();
        boolean started = false;
        long skipped = 0;
        long lastDts = -1; // the last decode time passed on, for toSource
        try (SocketChannel socket = server.accept();
             InputStream in = new BufferedInputStream(Channels.newInputStream(socket), BUFFER)) {
            FlvStreamReader reader = new FlvStreamReader(in);
            FlvDemuxer demuxer = new FlvDemuxer();
            for (Optional<FlvTag> next; (next = reader.next()).isPresent(); ) {
                FlvTag tag = next.get();
                if (tag.type() != FlvTag.VIDEO) {
                    continue;
                }
                Optional<MediaFrame> frame = demuxer.video(tag.timestamp(), tag.body());
                if (frame.isEmpty()) {
                    continue;
                }
                VideoFrame out = toSource((VideoFrame) frame.get(), name, lastDts);
                lastDts = out.dts();
                if (!started) {
                    if (!out.keyframe()) {
                        skipped++;
                        continue;
                    }
                    started = true;
                    if (skipped > 0) {
                        log.warn("{}: {}: {} frames before ffmpeg's first keyframe skipped", channel, name, skipped);
                    }
                    deliver(() -> sink.renditionStarted(channel, name));
                }
                deliver(() -> sink.renditionFrame(channel, name, out));
                framesOut.get(name).incrementAndGet();
                outputPts.accumulateAndGet(out.pts(), Math::max);
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            // closed by finish/kill before ffmpeg connected: nothing to read
        } catch (IOException | RuntimeException e) {
            if (process.isAlive()) {
                outputFailure.compareAndSet(null, "reading rendition " + name + ": " + e);
                log.warn("{}: reading rendition {} from ffmpeg failed: {}", channel, name, e.toString());
            }
        }
    }

    /**
     * A failing sink is the packager's bug, not ffmpeg's: logged once per run, and the run goes on (restarting
     * ffmpeg would not help).
     */
    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (sinkFailures.getAndIncrement() == 0) {
                log.error("{}: the rendition sink failed (further failures of this run are not logged)", channel, e);
            }
        }
    }

    /**
     * Back to the source's timeline: exact pts by lookup, dts linearly (see {@link TimestampMap}). A decode time
     * before 0 cannot be written to an fMP4 fragment (tfdt is unsigned), and ffmpeg gives the first frames of a
     * B-frame encode a negative dts when the source's first pts is 0 (a source without B-frames: x264's
     * zerolatency, as the demo stream uses, and many hardware encoders): every rendition then lost its first
     * segment at each start. Such frames are decoded at 0, 1, 2… ticks instead: in order, still at or before their
     * pts; the frames after them keep ffmpeg's dts.
     */
    private VideoFrame toSource(VideoFrame frame, String name, long lastDts) {
        long ptsMs = Math.floorDiv(frame.pts(), 90);
        long dtsMs = Math.floorDiv(frame.dts(), 90);
        TimestampMap.Source source = timestamps.lookup(ptsMs);
        long pts = source != null ? source.pts() : timestamps.toTicks(ptsMs);
        long dts = Math.min(pts, timestamps.toTicks(dtsMs));
        long floor = lastDts + 1;
        if (dts < floor && floor <= pts) {
            dts = floor;
        }
        if (frame.keyframe() && (source == null || !source.keyframe())
                && misalignedKeyframes.getAndIncrement() == 0) {
            log.warn("{}: {}: keyframe at {} ms is not at a source keyframe: segments of this rendition will not"
                    + " line up with the source's", channel, name, ptsMs);
        }
        return new VideoFrame(frame.config(), dts, pts, frame.keyframe(), frame.data());
    }

    long framesOut(String rendition) {
        AtomicLong n = framesOut.get(rendition);
        return n == null ? 0 : n.get();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            log.debug("removing {}: {}", dir, e.toString());
        }
    }
}
