package io.onair.app.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code onair.*} setting, bound and validated at start: a bad value stops the server with the property
 * named. {@code application.yml} documents each key with its default and reason.
 */
@Validated
@ConfigurationProperties("onair")
public record OnairProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @Valid @NotNull @DefaultValue Rtmp rtmp,
        @Valid @NotNull @DefaultValue Ingest ingest,
        @Valid @NotNull @DefaultValue Hls hls,
        @Valid @NotNull @DefaultValue Demo demo,
        @Valid @NotNull @DefaultValue Transcode transcode,
        @Valid @NotNull @DefaultValue Admin admin) {

    /** Channel names are URL path segments (/{channel}, /live/{channel}/…): lower-case, short, no dots. */
    public static final Pattern CHANNEL_NAME = io.onair.origin.MediaPath.CHANNEL_NAME;

    /** Names the web app and API already use at the top level of the URL space. */
    public static final java.util.Set<String> RESERVED_CHANNEL_NAMES = java.util.Set.of(
            "live", "api", "actuator", "assets", "static", "watch", "index", "login", "logout", "signup",
            "settings", "dashboard", "admin", "error", "favicon", "robots", "health", "metrics",
            // Issue 7: /videos/{id} and /clips/{id}; a channel called "videos" would look like their index.
            "videos", "clips", "vod",
            // /embed/{channel}: the embeddable player.
            "embed",
            // /reset-password#<token>: a forgotten password's link.
            "reset-password");

    public record Rtmp(
            @DefaultValue("0.0.0.0") @NotBlank String host,
            @DefaultValue("1935") @Min(0) @Max(65535) int port,
            /**
             * Host (with a port, when OBS must use another than {@code port}) shown to streamers in the OBS settings;
             * empty = the host their browser reached the site by (the banner: this machine's name).
             */
            @DefaultValue("") String publicHost) {

        public Rtmp {
            // Shown to streamers inside rtmp://…/live: a scheme or path here would make a URL OBS cannot use.
            if (!publicHost.isBlank()
                    && !publicHost.strip().matches("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("onair.rtmp.public-host: '" + publicHost
                        + "' is not a host name or IP address with an optional port (live.example.com:1935)");
            }
        }
    }

    /**
     * Static stream keys, for deployments without accounts.
     *
     * @param keys channel name to stream key. When empty, a key for {@code defaultChannel} is generated once and
     *             kept in {@code <data-dir>/stream-keys.properties}, so a newcomer can publish at once.
     */
    public record Ingest(
            @DefaultValue Map<String, String> keys,
            @DefaultValue("studio") String defaultChannel,
            /** OBS's server URL path ("rtmp://host/live"): other applications are refused by name. */
            @DefaultValue("live") @NotBlank String app,
            /** Print stream keys in the start-up banner: handy on a workstation, off in production (logs are shipped). */
            @DefaultValue("true") boolean printKeys) {

        public Ingest {
            keys = new LinkedHashMap<>(keys);
            Map<String, String> seen = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : keys.entrySet()) {
                checkChannelName("onair.ingest.keys." + e.getKey(), e.getKey());
                String key = e.getValue();
                // 16+ characters: a stream key is a bearer secret; short ones are guessable over RTMP.
                if (key == null || key.length() < 16 || !key.matches("[A-Za-z0-9_-]+")) {
                    throw new IllegalArgumentException("onair.ingest.keys." + e.getKey()
                            + ": a stream key must be at least 16 characters of A-Z, a-z, 0-9, '_' or '-'");
                }
                String other = seen.put(key, e.getKey());
                if (other != null) {
                    throw new IllegalArgumentException("onair.ingest.keys." + e.getKey()
                            + ": the same stream key is already used by channel '" + other + "'");
                }
            }
            checkChannelName("onair.ingest.default-channel", defaultChannel);
        }
    }

    /**
     * HLS packaging.
     *
     * @param targetDuration  segments are cut at the first keyframe after this much media (2 s: the usual LL-ready
     *                        value; players hold back about three segments, so shorter is lower latency)
     * @param playlistSegments segments listed in a live playlist (6 × 2 s: room for players' 3-segment hold-back
     *                        plus network jitter, while keeping playlists small)
     * @param endGrace        after a publisher drops without unpublishing, how long the playlist stays open for
     *                        its reconnect (OBS retries after 2 s by default, up to 10 s with back-off)
     * @param format          segment container: {@code fmp4} (CMAF: one set of segments for HLS and DASH, audio
     *                        packaged once for every rendition, what LL-HLS needs) or {@code ts} (MPEG-TS with the
     *                        audio muxed into every variant, for old clients; no DASH)
     * @param partTarget      LL-HLS part target (fMP4 only; MPEG-TS playlists stay plain): a partial segment every
     *                        this much media, PART-HOLD-BACK three times it. 0 turns LL-HLS off
     */
    public record Hls(
            @DefaultValue("2s") @NotNull Duration targetDuration,
            @DefaultValue("6") int playlistSegments,
            @DefaultValue("15s") @NotNull Duration endGrace,
            @DefaultValue("fmp4") @NotNull String format,
            @DefaultValue("500ms") @NotNull Duration partTarget) {

        public Hls {
            // RFC 8216 §6.2.2: a live playlist must hold at least three target durations; 100 keeps playlists small.
            checkRange("onair.hls.playlist-segments", playlistSegments, 3, 100);
            if (!format.equals("fmp4") && !format.equals("ts")) {
                throw new IllegalArgumentException("onair.hls.format: must be fmp4 or ts, was '" + format + "'");
            }
            if (targetDuration.compareTo(Duration.ofMillis(500)) < 0 || targetDuration.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException(
                        "onair.hls.target-duration: must be between 500ms and 30s, was " + targetDuration);
            }
            if (endGrace.isNegative() || endGrace.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("onair.hls.end-grace: must be between 0 and 10m, was " + endGrace);
            }
            if (!partTarget.isZero() && (partTarget.compareTo(Duration.ofMillis(200)) < 0
                    || partTarget.compareTo(Duration.ofSeconds(2)) > 0
                    || partTarget.multipliedBy(2).compareTo(targetDuration) > 0)) {
                throw new IllegalArgumentException("onair.hls.part-target: must be 0 (LL-HLS off) or from 200ms to 2s"
                        + " and at most half of onair.hls.target-duration, was " + partTarget);
            }
        }
    }

    /**
     * The demo publisher: an ffmpeg test pattern with a clock and a tone, published into a channel so a newcomer
     * sees a live stream without OBS.
     */
    public record Demo(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("demo") String channel,
            @DefaultValue("1280x720") @NotBlank String size,
            @DefaultValue("30") int fps,
            @DefaultValue("2500") int videoKbps) {

        public Demo {
            checkRange("onair.demo.fps", fps, 1, 120);
            checkRange("onair.demo.video-kbps", videoKbps, 100, 50_000);
            checkChannelName("onair.demo.channel", channel);
            if (!size.matches("[1-9][0-9]{1,4}x[1-9][0-9]{1,4}")) {
                throw new IllegalArgumentException("onair.demo.size: expected WIDTHxHEIGHT such as 1280x720, was '" + size + "'");
            }
        }
    }

    /**
     * The live transcoder: one ffmpeg per live channel encodes the ladder's rungs that are below the source; the
     * packager serves them beside the untouched {@code source} rendition.
     *
     * @param enabled     off: only the source rendition is served, and ffmpeg is not needed
     * @param encoder     libx264, or a hardware encoder ffmpeg lists (h264_nvenc, h264_vaapi, h264_qsv)
     * @param preset      the encoder's preset (x264: veryfast; NVENC: p1-p7; VA-API has none)
     * @param vaapiDevice the DRM render node for h264_vaapi
     * @param ladder      the transcoded rungs; empty: 720p30 2500k, 480p30 1200k, 360p30 600k
     */
    public record Transcode(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("libx264") @NotBlank String encoder,
            @DefaultValue("veryfast") String preset,
            @DefaultValue("") String vaapiDevice,
            @DefaultValue List<@Valid LadderRung> ladder) {

        public Transcode {
            ladder = List.copyOf(ladder);
            io.onair.transcode.Encoder e = io.onair.transcode.Encoder.of("onair.transcode.encoder", encoder);
            if (e.hasPresets() && !e.acceptsPreset(preset)) {
                throw new IllegalArgumentException("onair.transcode.preset: '" + preset + "' is not a preset of "
                        + e.ffmpegName());
            }
            if (e == io.onair.transcode.Encoder.H264_VAAPI && vaapiDevice.isBlank()) {
                throw new IllegalArgumentException("onair.transcode.vaapi-device: h264_vaapi needs a render node"
                        + " such as /dev/dri/renderD128");
            }
            try {
                transcodeLadder(ladder);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("onair.transcode.ladder: " + ex.getMessage(), ex);
            }
        }

        /** The ladder as the transcoder takes it (the default one when none is configured). */
        public io.onair.transcode.Ladder transcodeLadder() {
            return transcodeLadder(ladder);
        }

        private static io.onair.transcode.Ladder transcodeLadder(List<LadderRung> rungs) {
            if (rungs.isEmpty()) {
                return io.onair.transcode.Ladder.defaults();
            }
            return new io.onair.transcode.Ladder(rungs.stream().map(LadderRung::toRung).toList());
        }

        /**
         * One rung. {@code max-kbps} and {@code bufsize-kbits} 0: the defaults (peak = video-kbps, buffer = 2 s).
         */
        public record LadderRung(
                @NotBlank String name,
                int height,
                @DefaultValue("30") int fps,
                int videoKbps,
                @DefaultValue("0") int maxKbps,
                @DefaultValue("0") int bufsizeKbits) {

            public LadderRung {
                String at = "onair.transcode.ladder[name=" + name + "].";
                checkRange(at + "height", height, 64, 4320);
                checkRange(at + "fps", fps, 1, 240);
                checkRange(at + "video-kbps", videoKbps, 50, 50_000);
                checkRange(at + "max-kbps", maxKbps, 0, 100_000);
                checkRange(at + "bufsize-kbits", bufsizeKbits, 0, 200_000);
            }

            io.onair.transcode.Rung toRung() {
                io.onair.transcode.Rung r = io.onair.transcode.Rung.of(name, height, fps, videoKbps);
                return new io.onair.transcode.Rung(name, height, fps, videoKbps,
                        maxKbps > 0 ? maxKbps : r.maxKbps(), bufsizeKbits > 0 ? bufsizeKbits : r.bufsizeKbits());
            }
        }
    }

    /**
     * Site administrators: accounts whose username is listed here may edit any channel's info and manage any
     * channel's moderators, and read {@code /actuator/prometheus} from anywhere. Configuration rather than "the first
     * account to sign up": on a freshly exposed server the first sign-up may be anyone's.
     *
     * @param usernames     account usernames (lower-case); an account signing up later with a listed name becomes admin
     * @param resetPassword an account's username, or empty: at start, a one-time link to set that account's password
     *                      is printed with the start-up banner (for the admin who forgot theirs: nobody else can issue
     *                      them one). Each start with it set issues a new link; take it out once used.
     */
    public record Admin(@DefaultValue List<String> usernames, @DefaultValue("") String resetPassword) {
        public Admin {
            usernames = List.copyOf(usernames);
            for (String u : usernames) {
                if (u == null || !CHANNEL_NAME.matcher(u).matches()) {
                    throw new IllegalArgumentException("onair.admin.usernames: '" + u + "' is not a valid username");
                }
            }
            resetPassword = resetPassword == null ? "" : resetPassword.strip().toLowerCase(java.util.Locale.ROOT);
            if (!resetPassword.isEmpty() && !CHANNEL_NAME.matcher(resetPassword).matches()) {
                throw new IllegalArgumentException("onair.admin.reset-password: '" + resetPassword
                        + "' is not a valid username");
            }
        }
    }

    /**
     * Range checks live in the compact constructors rather than in {@code @Min}/{@code @Max}: Bean Validation names a
     * record component in camelCase ({@code playlistSegments}), while the documented key is kebab-case.
     */
    static void checkRange(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": must be from " + min + " to " + max + ", was " + value);
        }
    }

    static void checkChannelName(String property, String name) {
        if (name == null || !CHANNEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(property + ": channel name '" + name
                    + "' must be 1-32 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        if (RESERVED_CHANNEL_NAMES.contains(name)) {
            throw new IllegalArgumentException(property + ": channel name '" + name + "' is reserved by the web app");
        }
    }
}
