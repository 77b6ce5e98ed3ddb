package io.onair.app.upload;

import io.onair.hls.OfflinePackager;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvDemuxer;
import io.onair.stream.AudioTimeline;
import io.onair.transcode.FlvStreamReader;
import io.onair.transcode.FlvTag;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Reads the upload transcoder's FLV files with the ingest's own FLV code (transcode's {@link FlvStreamReader},
 * media's {@link FlvDemuxer}) and hands their frames to the {@link OfflinePackager} in decoding order: merged by DTS,
 * the source first on a tie, so the source's segmenter has decided each boundary by the time a rung's keyframe
 * asks for it (a live packager sees the same order, the transcoder running behind the source). AAC timestamps are
 * rebuilt from the sample count as the live ingest does ({@link AudioTimeline}): FLV has whole milliseconds.
 */
final class FlvRenditions {
    /** The live ingest's tolerance (StreamSettings' audio-resync-tolerance): 40 ms, in 90 kHz ticks. */
    private static final long AUDIO_RESYNC_TICKS = 40 * 90;
    private static final int BUFFER = 256 * 1024;

    private FlvRenditions() {
    }

    private static final class Track {
        final String name;
        final int order;
        final InputStream in;
        final FlvStreamReader reader;
        final FlvDemuxer demuxer = new FlvDemuxer();
        final AudioTimeline audio = new AudioTimeline(AUDIO_RESYNC_TICKS);

        Track(String name, int order, Path file) throws IOException {
            this.name = name;
            this.order = order;
            this.in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            this.reader = new FlvStreamReader(in);
        }

        /** The next frame of this file, or empty at its end. */
        Optional<MediaFrame> next() throws IOException {
            while (true) {
                Optional<FlvTag> tag = reader.next();
                if (tag.isEmpty()) {
                    return Optional.empty();
                }
                FlvTag t = tag.get();
                Optional<MediaFrame> frame = switch (t.type()) {
                    case FlvTag.VIDEO -> demuxer.video(t.timestamp(), t.body());
                    case FlvTag.AUDIO -> demuxer.audio(t.timestamp(), t.body()).map(f -> {
                        AudioFrame a = (AudioFrame) f;
                        return new AudioFrame(a.config(), audio.next(a.config(), a.dts()), a.data());
                    });
                    default -> Optional.empty(); // onMetaData
                };
                if (frame.isPresent()) {
                    return frame;
                }
            }
        }
    }

    private record Head(Track track, MediaFrame frame) {
    }

    /**
     * Feeds every frame of the files to the packager (started and finished by the caller).
     *
     * @param files     rendition name → FLV file; {@code source} is the packager's source (video and audio), the
     *                  others its transcoded renditions (video)
     * @param progress  told the source's media time fed so far (90 kHz ticks from its first frame)
     * @param cancelled checked before every frame
     * @return the source's media duration (90 kHz ticks from its first frame to the end of its last video frame)
     * @throws CancellationException when cancelled
     */
    static long feed(Map<String, Path> files, OfflinePackager packager, LongConsumer progress,
            BooleanSupplier cancelled) throws IOException {
        List<Track> tracks = new ArrayList<>();
        try {
            int order = 0;
            for (Map.Entry<String, Path> e : new LinkedHashMap<>(files).entrySet()) {
                tracks.add(new Track(e.getKey(), e.getKey().equals("source") ? -1 : order++, e.getValue()));
            }
            PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.frame().dts())
                    .thenComparingInt(h -> h.track().order));
            for (Track t : tracks) {
                t.next().ifPresent(f -> heads.add(new Head(t, f)));
            }
            long first = Long.MIN_VALUE;
            long lastVideoDts = Long.MIN_VALUE;
            long frameTicks = 0;
            while (!heads.isEmpty()) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled");
                }
                Head h = heads.poll();
                MediaFrame f = h.frame();
                if (h.track().name.equals("source")) {
                    if (first == Long.MIN_VALUE) {
                        first = f.dts();
                    }
                    packager.source(f);
                    if (f instanceof VideoFrame) {
                        frameTicks = lastVideoDts == Long.MIN_VALUE ? 0 : f.dts() - lastVideoDts;
                        lastVideoDts = f.dts();
                    }
                    progress.accept(f.dts() - first);
                } else if (f instanceof VideoFrame v) {
                    packager.rendition(h.track().name, v);
                }
                h.track().next().ifPresent(n -> heads.add(new Head(h.track(), n)));
            }
            return first == Long.MIN_VALUE || lastVideoDts == Long.MIN_VALUE ? 0
                    : lastVideoDts + Math.max(frameTicks, 0) - first;
        } finally {
            for (Track t : tracks) {
                t.in.close();
            }
        }
    }

    /** Seconds of 90 kHz ticks, for logs. */
    static double seconds(long ticks) {
        return Timebase.mpegToSeconds(ticks);
    }
}
