package io.onair.transcode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The ffmpeg command line of one run: FLV on stdin, one decoder, a scaler per rendition, one FLV output per
 * rendition to the Unix socket the transcoder listens on.
 *
 * <p>What keeps every rendition on the source's timeline and keyframes (checked by {@code TranscoderTest} against a
 * real ffmpeg):
 * <ul>
 *   <li>{@code -copyts}: input timestamps are not shifted to start at zero. The transcoder writes them with a
 *       positive offset ({@link Transcoder#OFFSET_MS}) so the encoders' first B-frame DTS stays positive and the FLV
 *       muxer never shifts the output either ({@code avoid_negative_ts} only acts on negative timestamps);
 *   <li>{@code -fps_mode passthrough}: no frame is duplicated or dropped to make a constant rate;
 *   <li>{@code -enc_time_base 1:1000}: the encoder's clock is FLV's milliseconds; the default (1/frame rate) would
 *       round each timestamp to the frame grid;
 *   <li>{@code -force_key_frames source}: an IDR exactly where the decoded frame was a keyframe in the source, and
 *       the encoder options of {@link Encoder} make no other keyframes (no scene cuts, an endless GOP, closed GOPs).
 * </ul>
 */
final class FfmpegCommand {
    private FfmpegCommand() {
    }

    static List<String> build(Path ffmpeg, TranscodeSettings settings, List<Rendition> renditions,
            Function<Rendition, Path> socket) {
        if (renditions.isEmpty()) {
            throw new IllegalArgumentException("no renditions to encode");
        }
        Encoder encoder = settings.encoder();
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-nostats",
                "-loglevel", "level+warning"));
        if (encoder == Encoder.H264_VAAPI) {
            cmd.addAll(List.of("-vaapi_device", settings.vaapiDevice()));
        }
        // No probing: the stream's parameters are in the AVC config and the metadata we write first. ffmpeg's
        // default (analyzeduration 5 s) would hold every rendition 5 s behind the source.
        cmd.addAll(List.of("-copyts", "-probesize", "32", "-analyzeduration", "0", "-f", "flv", "-i", "pipe:0",
                "-filter_complex", filterGraph(encoder, renditions)));
        for (int i = 0; i < renditions.size(); i++) {
            Rendition r = renditions.get(i);
            cmd.addAll(List.of("-map", "[o" + i + "]", "-c:v", encoder.ffmpegName()));
            cmd.addAll(encoder.options(settings.preset()));
            cmd.addAll(List.of("-b:v", r.rung().videoKbps() + "k", "-maxrate", r.rung().maxKbps() + "k",
                    "-bufsize", r.rung().bufsizeKbits() + "k",
                    "-force_key_frames", "source", "-fps_mode", "passthrough", "-enc_time_base", "1:1000",
                    "-an", "-f", "flv", "-flvflags", "no_duration_filesize", "unix:" + socket.apply(r)));
        }
        return List.copyOf(cmd);
    }

    /**
     * {@code [0:v]split=N[i0]…;[i0]scale=W:H,…[o0];…}. Thinning keeps every keyframe: {@code select} passes a frame
     * when it is a keyframe or when three quarters of the rung's frame interval passed since the last one (so 60 fps
     * becomes 30 and 50 becomes 25 — the rung's fps is a ceiling).
     */
    static String filterGraph(Encoder encoder, List<Rendition> renditions) {
        StringBuilder g = new StringBuilder("[0:v]split=").append(renditions.size());
        for (int i = 0; i < renditions.size(); i++) {
            g.append("[i").append(i).append(']');
        }
        for (int i = 0; i < renditions.size(); i++) {
            Rendition r = renditions.get(i);
            g.append(";[i").append(i).append(']');
            if (r.thinTo().isPresent()) {
                double interval = 1 / r.thinTo().getAsDouble() * 0.75;
                g.append(String.format(Locale.ROOT,
                        "select='key+isnan(prev_selected_t)+gte(t-prev_selected_t,%.4f)',", interval));
            }
            g.append("scale=").append(r.width()).append(':').append(r.height()).append(",setsar=1,");
            g.append(encoder == Encoder.H264_VAAPI ? "format=nv12,hwupload" : "format=yuv420p");
            g.append("[o").append(i).append(']');
        }
        return g.toString();
    }
}
