package io.onair.app.upload;

import io.onair.transcode.Rendition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one ffmpeg that transcodes an upload: it decodes the file once and writes the source rendition (H.264 + AAC)
 * and each rung (H.264, no audio) as FLV files, which the job then packages itself ({@link FlvRenditions}, the live
 * packager offline). Pure: the command line only, golden-tested.
 *
 * <p>What makes the renditions' segments line up (the same rules as the live transcoder's, by other means, since
 * here there is no source keyframe to follow):
 * <ul>
 *   <li>{@code fps=R} once, before the split: every output sees the same frames on the same constant grid (a phone's
 *       variable frame rate included), and {@code -fps_mode passthrough} keeps the encoders from dropping or
 *       duplicating any.
 *   <li>Keyframes by frame number, not time: {@code -force_key_frames expr:not(mod(n,G))} with G the frames of a
 *       segment (the HLS target duration, rounded up to whole frames). A rung thinned to every k-th frame
 *       ({@code select=not(mod(n,k))}, k dividing G) forces at {@code G/k}: the same pictures, so the same PTS in
 *       every rendition, at any frame rate. (Every 2 s by time, {@code gte(t,n_forced*2)}, is not: at 29.97 fps the first
 *       frame at or after 100 s is frame 2997, which a rung keeping every second frame does not have.)
 *   <li>x264 makes no keyframes of its own and every GOP is closed ({@code keyint=infinite:scenecut=0:open-gop=0},
 *       {@code -forced-idr 1}): the {@link io.onair.transcode.Encoder#LIBX264} settings of the live ladder.
 *   <li>{@code -output_ts_offset 10}: FLV cannot carry the negative DTS of the first B-frames; without it the muxer
 *       shifts each output by its own amount (the live transcoder's reason for its 10 s offset).
 * </ul>
 * Always libx264 (in every ffmpeg that matters, the bundled one included): an upload is not real time, and the
 * live ladder's hardware encoder, if any, belongs to the live channels.
 */
public final class UploadCommand {
    /** FLV timestamps are 32-bit milliseconds from this offset: 10 s, as in the live transcoder. */
    static final int TS_OFFSET_SECONDS = 10;
    /** The source rendition's quality: x264's CRF 21, visually close to the file for most uploads. */
    static final int SOURCE_CRF = 21;
    /**
     * The source rendition's bitrate cap: 0.1 bit per pixel per frame (1080p30 ≈ 6.2 Mbit/s, 720p30 ≈ 2.8, the
     * usual streaming targets), between 0.5 and 20 Mbit/s; a file of noise must not become a 50 Mbit/s VOD.
     */
    static final double BITS_PER_PIXEL = 0.1;
    static final int MIN_SOURCE_KBPS = 500;
    static final int MAX_SOURCE_KBPS = 20_000;
    /** AAC-LC stereo at 48 kHz and 128 kbit/s: what OBS sends by default, so uploads sound like broadcasts. */
    static final String AUDIO_KBPS = "128k";

    /** One output: the rendition's name (the FLV file's name) and how many input frames it keeps (every k-th). */
    public record Output(String name, Optional<Rendition> rung, int every) {
    }

    private UploadCommand() {
    }

    /** The outputs for these rungs: the source first, then each rung with its thinning factor. */
    public static List<Output> outputs(MediaInfo info, List<Rendition> rungs) {
        List<Output> out = new ArrayList<>();
        out.add(new Output("source", Optional.empty(), 1));
        for (Rendition r : rungs) {
            // The live transcoder keeps a frame once 0.75 frame intervals of the rung passed: the same here,
            // in whole frames of the file (60 → 30 fps keeps every second frame; 30 fps under a 24 fps rung all).
            int every = r.thinTo().isPresent() ? Math.max(1, (int) Math.ceil(0.75 * info.fps() / r.rung().fps())) : 1;
            out.add(new Output(r.name(), Optional.of(r), every));
        }
        return List.copyOf(out);
    }

    /** Frames per segment: the target duration rounded up to whole frames, a multiple of every thinning factor. */
    public static int gop(MediaInfo info, List<Output> outputs, Duration target) {
        int lcm = 1;
        for (Output o : outputs) {
            lcm = lcm / gcd(lcm, o.every()) * o.every();
        }
        double frames = target.toMillis() / 1000.0 * info.fps();
        return (int) Math.ceil(frames / lcm - 1e-9) * lcm;
    }

    /**
     * @param nice    {@code nice} to run ffmpeg under (live transcoding keeps priority), when there is one
     * @param preset  x264's preset
     * @param dir     where {@code {name}.flv} are written
     */
    public static List<String> command(Path ffmpeg, Optional<Path> nice, Path input, Path dir, MediaInfo info,
            List<Output> outputs, Duration target, String preset) {
        int gop = gop(info, outputs, target);
        List<String> c = new ArrayList<>();
        nice.ifPresent(n -> c.addAll(List.of(n.toString(), "-n", "10")));
        c.addAll(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+error",
                "-y", "-progress", "pipe:1", "-i", input.toString(), "-filter_complex", graph(info, outputs)));
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            c.addAll(List.of("-map", "[o" + i + "]"));
            boolean source = o.rung().isEmpty();
            if (source && info.audio()) {
                c.addAll(List.of("-map", "0:a:0", "-c:a", "aac", "-b:a", AUDIO_KBPS, "-ar", "48000", "-ac", "2"));
            } else {
                c.add("-an");
            }
            c.addAll(List.of("-c:v", "libx264", "-preset", preset, "-x264-params",
                    "keyint=infinite:scenecut=0:open-gop=0", "-forced-idr", "1"));
            if (source) {
                int cap = sourceKbps(info);
                c.addAll(List.of("-crf", String.valueOf(SOURCE_CRF), "-maxrate", cap + "k", "-bufsize",
                        2 * cap + "k"));
            } else {
                var rung = o.rung().get().rung();
                c.addAll(List.of("-b:v", rung.videoKbps() + "k", "-maxrate", rung.maxKbps() + "k", "-bufsize",
                        rung.bufsizeKbits() + "k"));
            }
            c.addAll(List.of("-force_key_frames", "expr:not(mod(n," + gop / o.every() + "))", "-fps_mode",
                    "passthrough", "-sn", "-dn", "-output_ts_offset", String.valueOf(TS_OFFSET_SECONDS), "-f", "flv",
                    "-flvflags", "no_duration_filesize", dir.resolve(o.name() + ".flv").toString()));
        }
        return List.copyOf(c);
    }

    /** {@code [0:v:0]fps=R,split=N[i0]…;[i0]scale…[o0];[i1]select…,scale=W:H,…[o1]…} */
    static String graph(MediaInfo info, List<Output> outputs) {
        StringBuilder g = new StringBuilder("[0:v:0]fps=").append(info.frameRate());
        if (outputs.size() > 1) {
            g.append(",split=").append(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                g.append("[i").append(i).append(']');
            }
        } else {
            g.append("[i0]");
        }
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            g.append(";[i").append(i).append(']');
            if (o.every() > 1) {
                g.append("select='not(mod(n\\,").append(o.every()).append("))',");
            }
            if (o.rung().isEmpty()) {
                g.append("scale=trunc(iw/2)*2:trunc(ih/2)*2"); // 4:2:0 needs even sizes
            } else {
                g.append("scale=").append(o.rung().get().width()).append(':').append(o.rung().get().height())
                        .append(",setsar=1");
            }
            g.append(",format=yuv420p[o").append(i).append(']');
        }
        return g.toString();
    }

    static int sourceKbps(MediaInfo info) {
        double kbps = (double) info.width() * info.height() * info.fps() * BITS_PER_PIXEL / 1000;
        return (int) Math.max(MIN_SOURCE_KBPS, Math.min(MAX_SOURCE_KBPS, Math.round(kbps)));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
