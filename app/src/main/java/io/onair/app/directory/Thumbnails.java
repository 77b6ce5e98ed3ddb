package io.onair.app.directory;

import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.hls.HlsSegment;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small picture of every live channel for the directory, refreshed every {@code interval}: the newest complete
 * segment of the source rendition (with its init segment for fMP4) is piped into ffmpeg, which decodes its first
 * frame (segments start with a keyframe) and writes a JPEG {@value #WIDTH} px wide, at most {@value #MAX_BYTES}
 * bytes (quality is lowered until it fits). The segment is already in memory, so this costs one short ffmpeg run
 * per channel per interval and nothing on the live path.
 *
 * <p>Kept in memory, at most {@code maxChannels} pictures (least recently taken dropped first: at 50 KB each, 500
 * channels is 25 MB); a channel keeps its last picture after it ends until it is pushed out.
 */
public final class Thumbnails implements AutoCloseable {
    public static final int WIDTH = 320;
    public static final int MAX_BYTES = 50 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
    /** mjpeg qscale: 4 is good, 31 the worst; tried in order until the picture fits. */
    private static final int[] QUALITIES = {4, 7, 11, 16, 24, 31};

    /** A JPEG, when it was taken, and a strong ETag. */
    public record Thumbnail(byte[] jpeg, Instant takenAt, String etag) {
    }

    private final HlsOrigin origin;
    private final StreamRegistry registry;
    private final Optional<Path> ffmpeg;
    private final InstantSource clock;
    private final Duration interval;
    private final int maxChannels;
    private final Map<String, Thumbnail> pictures;
    private volatile boolean closed;
    private Thread worker;

    public Thumbnails(HlsOrigin origin, StreamRegistry registry, Optional<Path> ffmpeg, InstantSource clock,
            Duration interval, int maxChannels) {
        this.origin = origin;
        this.registry = registry;
        this.ffmpeg = ffmpeg;
        this.clock = clock;
        this.interval = interval;
        this.maxChannels = maxChannels;
        this.pictures = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Thumbnail> eldest) {
                return size() > Thumbnails.this.maxChannels;
            }
        };
        if (ffmpeg.isEmpty()) {
            log.warn("no ffmpeg: the directory shows no thumbnails (set onair.ffmpeg.path or install ffmpeg)");
        }
    }

    /** Starts taking pictures on a virtual thread: a first one soon after a channel goes live, then every interval. */
    public Thumbnails start() {
        if (ffmpeg.isPresent()) {
            worker = Thread.ofVirtual().name("thumbnails").start(this::run);
        }
        return this;
    }

    public Optional<Thumbnail> get(String channel) {
        synchronized (pictures) {
            return Optional.ofNullable(pictures.get(channel));
        }
    }

    private void run() {
        while (!closed) {
            try {
                Instant now = clock.instant();
                for (Publication p : registry.live()) {
                    Optional<Thumbnail> current = get(p.channel());
                    boolean due = current.isEmpty() || current.get().takenAt().isBefore(p.startedAt())
                            || !current.get().takenAt().plus(interval).isAfter(now);
                    if (due) {
                        refresh(p.channel());
                    }
                }
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("thumbnails: {}", e.toString());
            }
        }
    }

    /** Takes a picture of the channel now; false when there is no segment yet or ffmpeg failed. */
    public boolean refresh(String channel) throws InterruptedException {
        Optional<byte[]> media = newestSourceSegment(channel);
        if (media.isEmpty() || ffmpeg.isEmpty()) {
            return false;
        }
        for (int q : QUALITIES) {
            Optional<byte[]> jpeg = encode(media.get(), q);
            if (jpeg.isEmpty()) {
                return false;
            }
            if (jpeg.get().length <= MAX_BYTES) {
                synchronized (pictures) {
                    pictures.remove(channel); // re-inserted last: the eldest entry is the stalest picture
                    pictures.put(channel, new Thumbnail(jpeg.get(), clock.instant(), etag(jpeg.get())));
                }
                return true;
            }
        }
        return false;
    }

    /** Init segment (fMP4) + the newest listed segment of {@code source}: a stream ffmpeg can read on its own. */
    Optional<byte[]> newestSourceSegment(String channel) {
        Optional<HlsChannel> hls = origin.channel(channel);
        Optional<String> playlist = hls.flatMap(h -> h.mediaPlaylist(HlsChannel.SOURCE));
        if (playlist.isEmpty()) {
            return Optional.empty();
        }
        List<String> uris = playlist.get().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        if (uris.isEmpty()) {
            return Optional.empty();
        }
        String last = uris.getLast();
        int dot = last.lastIndexOf('.');
        long sequence;
        try {
            sequence = Long.parseLong(last.substring(last.lastIndexOf('/') + 1, dot < 0 ? last.length() : dot));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<HlsSegment> segment = hls.get().segment(HlsChannel.SOURCE, sequence).filter(s -> !s.gap());
        if (segment.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (segment.get().init().isPresent()) {
            Optional<byte[]> init = hls.get().initSegment(HlsChannel.SOURCE, segment.get().init().getAsLong());
            if (init.isEmpty()) {
                return Optional.empty();
            }
            out.writeBytes(init.get());
        }
        out.writeBytes(segment.get().data());
        return Optional.of(out.toByteArray());
    }

    private Optional<byte[]> encode(byte[] media, int quality) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ffmpeg.get().toString(), "-hide_banner", "-loglevel", "error",
                "-i", "pipe:0", "-an", "-frames:v", "1",
                "-vf", "scale=" + WIDTH + ":-2", "-q:v", Integer.toString(quality), "-f", "image2", "-c:v", "mjpeg",
                "pipe:1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            log.warn("thumbnails: cannot start ffmpeg: {}", e.toString());
            return Optional.empty();
        }
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(media);
            } catch (IOException e) {
                // ffmpeg stops reading once it has its frame
            }
        });
        try (InputStream out = process.getInputStream()) {
            byte[] jpeg = out.readNBytes(4 * MAX_BYTES * 4);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            feeder.join(1_000);
            return process.exitValue() == 0 && jpeg.length > 2 ? Optional.of(jpeg) : Optional.empty();
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        }
    }

    private static String etag(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (worker != null) {
            worker.interrupt();
        }
    }
}
