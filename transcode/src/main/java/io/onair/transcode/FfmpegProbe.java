package io.onair.transcode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ffmpeg -hide_banner -version} and {@code -encoders} once at start, so a missing encoder is a clear
 * start-up error instead of every publication's ffmpeg failing the same way.
 */
public final class FfmpegProbe {
    private static final Logger log = LoggerFactory.getLogger(FfmpegProbe.class);
    /** Both commands answer in milliseconds; the first run of the bundled build also unpacks nothing (done earlier). */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** {@code -force_key_frames source} and {@code -fps_mode} arrived in ffmpeg 5.1. */
    static final int MIN_MAJOR = 5;
    static final int MIN_MINOR = 1;

    private static final Pattern VERSION = Pattern.compile("^ffmpeg version (\\S+)", Pattern.MULTILINE);
    /** An encoder line of {@code -encoders}: six flag characters, the name, the description. */
    private static final Pattern ENCODER = Pattern.compile("^ ([VASFXBD.]{6}) (\\S+)", Pattern.MULTILINE);

    private FfmpegProbe() {
    }

    /** @throws TranscodeException when ffmpeg does not run or answers something else */
    public static FfmpegInfo probe(Path ffmpeg) {
        String versionText = run(ffmpeg, "-version");
        Matcher v = VERSION.matcher(versionText);
        if (!v.find()) {
            throw new TranscodeException(ffmpeg + " -version printed no 'ffmpeg version' line: is it ffmpeg?");
        }
        FfmpegInfo info = new FfmpegInfo(ffmpeg, v.group(1), parseEncoders(run(ffmpeg, "-encoders")));
        log.info("ffmpeg {} at {} ({} encoders)", info.version(), ffmpeg, info.encoders().size());
        return info;
    }

    /**
     * Checks that {@code info} can transcode with {@code encoder}.
     *
     * @param key the configuration key that chose the encoder, named in the error
     * @throws TranscodeException with what to do about it
     */
    public static void require(FfmpegInfo info, Encoder encoder, String key) {
        if (!info.atLeast(MIN_MAJOR, MIN_MINOR)) {
            throw new TranscodeException("ffmpeg " + info.version() + " at " + info.executable() + " is too old to"
                    + " transcode: 5.1 or newer is needed (for -force_key_frames source). Install a newer one or set"
                    + " onair.ffmpeg.path");
        }
        if (!info.hasEncoder(encoder.ffmpegName())) {
            String hint = encoder == Encoder.LIBX264
                    ? " (an ffmpeg built without --enable-libx264: install the distribution's ffmpeg, e.g."
                    + " apt-get install ffmpeg, or clear onair.ffmpeg.path to use the bundled build)"
                    : " (ffmpeg lists: " + info.encoders().stream().filter(e -> e.startsWith("h264")
                            || e.equals("libx264")).sorted().toList() + ")";
            throw new TranscodeException(key + ": ffmpeg " + info.version() + " at " + info.executable()
                    + " has no " + encoder.ffmpegName() + " encoder" + hint);
        }
    }

    static Set<String> parseEncoders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = ENCODER.matcher(text);
        while (m.find()) {
            if (!m.group(2).equals("=")) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    private static String run(Path ffmpeg, String option) {
        Process process;
        try {
            process = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", option).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new TranscodeException("cannot run " + ffmpeg + ": " + e.getMessage(), e);
        }
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TranscodeException(ffmpeg + " " + option + " did not finish within " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new TranscodeException(ffmpeg + " " + option + " failed with exit code "
                        + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            process.destroyForcibly();
            throw new TranscodeException("cannot read from " + ffmpeg + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TranscodeException("interrupted while probing " + ffmpeg, e);
        }
    }
}
