package io.onair.app.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * ffprobe, the reader nobody here wrote: {@code -print_format json} output parsed with Jackson. Network reads are
 * bounded ({@code -rw_timeout}) and so is the process.
 */
public final class Ffprobe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Ffprobe() {
    }

    /** {@code -show_streams -show_format} of a URL or file. */
    public static JsonNode streams(String input) {
        return run(List.of("-show_streams", "-show_format"), input);
    }

    /** Every packet of every stream (index, codec type, pts, dts, duration, flags) in read order. */
    public static JsonNode packets(String input) {
        return run(List.of("-show_entries", "packet=stream_index,codec_type,pts,dts,pts_time,dts_time,duration,flags",
                "-show_streams", "-show_packets"), input);
    }

    /** The first decoded video frame of a file (key_frame, pict_type). */
    public static JsonNode firstVideoFrame(Path file) {
        return run(List.of("-select_streams", "v", "-show_frames", "-read_intervals", "%+#1",
                "-show_entries", "frame=key_frame,pict_type,pts_time"), file.toString());
    }

    /** The probed streams by codec type ("video", "audio"). */
    public static Map<String, JsonNode> streamsByType(JsonNode probe) {
        Map<String, JsonNode> byType = new HashMap<>();
        for (JsonNode s : probe.path("streams")) {
            byType.put(s.path("codec_type").asString(), s);
        }
        return byType;
    }

    /**
     * The streams of several inputs by codec type: the media playlists of one channel, where fMP4 keeps audio in
     * its own rendition and MPEG-TS muxes it into the video one. Fails if two inputs disagree on a codec.
     */
    public static Map<String, JsonNode> streamsByType(List<java.net.URI> inputs) {
        Map<String, JsonNode> all = new HashMap<>();
        for (java.net.URI input : inputs) {
            streamsByType(streams(input.toString())).forEach((type, stream) -> {
                JsonNode seen = all.putIfAbsent(type, stream);
                if (seen != null && !seen.path("codec_name").equals(stream.path("codec_name"))) {
                    throw new AssertionError("renditions disagree on the " + type + " codec: " + seen + " / " + stream);
                }
            });
        }
        return all;
    }

    /** The PTS (90 kHz) of every packet of one stream, in read order, from {@link #packets}. */
    public static List<Long> pts(JsonNode probe, int streamIndex) {
        List<Long> pts = new ArrayList<>();
        for (JsonNode p : probe.path("packets")) {
            if (p.path("stream_index").asInt() == streamIndex) {
                pts.add(p.path("pts").asLong());
            }
        }
        return pts;
    }

    public static JsonNode run(List<String> args, String input) {
        List<String> c = new ArrayList<>(List.of(Executables.require("ffprobe", "ffmpeg").toString(),
                "-hide_banner", "-v", "error", "-print_format", "json"));
        if (input.startsWith("http")) {
            c.addAll(List.of("-rw_timeout", "10000000")); // µs: a stalled read fails instead of hanging
        }
        c.addAll(args);
        c.add(input);
        try (ExternalProcess p = ExternalProcess.start("ffprobe", c)) {
            p.assertSucceeds(TIMEOUT);
            try {
                return JSON.readTree(p.stdout());
            } catch (RuntimeException e) {
                throw new AssertionError("ffprobe printed no JSON\n" + p.describe() + "\nstdout:\n" + p.stdout(), e);
            }
        }
    }
}
