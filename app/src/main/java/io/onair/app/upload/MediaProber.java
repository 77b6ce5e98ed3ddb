package io.onair.app.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an uploaded file with ffprobe before anything is stored: an MP4/MOV or Matroska/WebM container with a video
 * stream ffprobe knows the codec of. A file ffprobe cannot read is refused with ffprobe's own words ("moov atom
 * not found; Invalid data found when processing input"), without our temporary path in them.
 */
public final class MediaProber {
    /** Reading the headers of any sane file takes well under a second; a minute means a stuck process. */
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    /** The frame rate range the ladder is encoded at: above 60 fps is thinned to 60, below 1 fps raised to 1. */
    static final double MAX_FPS = 60;
    /** ffmpeg's log prefix naming the component ({@code [mov,mp4,m4a,3gp,3g2,mj2 @ 0x55647a9fc1c0] }). */
    private static final Pattern COMPONENT = Pattern.compile("^\\[[^\\]]* @ 0x[0-9a-f]+\\] ");

    private final Path ffprobe;
    private final JsonMapper json;

    public MediaProber(Path ffprobe, JsonMapper json) {
        this.ffprobe = ffprobe;
        this.json = json;
    }

    /**
     * @param name the file's name as uploaded (its extension is kept when it fits the container)
     * @throws BadMediaException with the reason, for the uploader
     * @throws IOException       when ffprobe cannot be run at all (the server's problem, not the file's)
     */
    public MediaInfo probe(Path file, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ffprobe.toString(), "-hide_banner", "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", file.toString()).start();
        p.getOutputStream().close();
        StringBuilder err = new StringBuilder();
        Thread stderr = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getErrorStream()) {
                err.append(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the exit code tells
            }
        });
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new BadMediaException("ffprobe could not read it within " + TIMEOUT.toSeconds() + " s");
        }
        stderr.join();
        if (p.exitValue() != 0) {
            throw new BadMediaException(reason(err.toString(), file).orElse("ffprobe could not read it (exit code "
                    + p.exitValue() + ")"));
        }
        JsonNode root;
        try {
            root = json.readTree(out);
        } catch (JacksonException e) {
            throw new BadMediaException("ffprobe's answer about it could not be read");
        }
        return info(root, name);
    }

    /** ffprobe's stderr as one line for people: components' prefixes and the file's path left out. */
    static Optional<String> reason(String stderr, Path file) {
        List<String> lines = new ArrayList<>();
        for (String line : stderr.strip().split("\\R")) {
            String l = COMPONENT.matcher(line.strip()).replaceFirst("");
            String path = file.toString() + ": ";
            if (l.startsWith(path)) {
                l = l.substring(path.length());
            }
            if (!l.isBlank() && !lines.contains(l)) {
                lines.add(l);
            }
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", lines));
    }

    static MediaInfo info(JsonNode root, String name) {
        JsonNode format = root.path("format");
        String formatName = format.path("format_name").asString("");
        String container = format.path("format_long_name").asString(formatName);
        String extension = extension(formatName, name).orElseThrow(() -> new BadMediaException("is "
                + (container.isBlank() ? "not a video file" : "a " + container + " file")
                + ": upload an MP4, MOV or MKV file"));
        JsonNode video = null;
        boolean audio = false;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asString("");
            if (type.equals("video") && video == null && s.path("disposition").path("attached_pic").asInt(0) == 0) {
                video = s;
            } else if (type.equals("audio") && !s.path("codec_name").asString("").isEmpty()) {
                audio = true;
            }
        }
        if (video == null) {
            throw new BadMediaException("has no video stream (ffprobe found "
                    + streams(root).orElse("no streams") + ")");
        }
        String codec = video.path("codec_name").asString("");
        if (codec.isEmpty()) {
            throw new BadMediaException("has a video stream in a codec ffprobe does not know");
        }
        int width = video.path("width").asInt(0);
        int height = video.path("height").asInt(0);
        if (width <= 0 || height <= 0) {
            throw new BadMediaException("has a video stream without a picture size");
        }
        double sar = ratio(video.path("sample_aspect_ratio").asString("1:1"), ":").orElse(1.0);
        if (sar > 0.1 && sar < 10) {
            width = (int) Math.round(width * sar);
        }
        if (Math.abs(rotation(video)) % 180 == 90) {
            int w = width;
            width = height;
            height = w;
        }
        double seconds = format.path("duration").asDouble(video.path("duration").asDouble(0));
        if (!(seconds > 0)) {
            throw new BadMediaException("has no duration");
        }
        String rate = video.path("avg_frame_rate").asString("0/0");
        double fps = ratio(rate, "/").orElse(0.0);
        if (!(fps > 0)) {
            rate = video.path("r_frame_rate").asString("0/0");
            fps = ratio(rate, "/").orElse(0.0);
        }
        if (!(fps > 0)) {
            throw new BadMediaException("has a video stream without a frame rate");
        }
        if (fps > MAX_FPS) {
            rate = "60/1";
            fps = MAX_FPS;
        } else if (fps < 1) {
            rate = "1/1";
            fps = 1;
        }
        return new MediaInfo(container, extension, Duration.ofMillis(Math.round(seconds * 1000)), codec, width, height,
                rate, fps, audio);
    }

    /** The stored file's extension: the uploaded name's when it fits the container, else the container's usual. */
    private static Optional<String> extension(String formatName, String name) {
        List<String> names = List.of(formatName.split(","));
        String given = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (names.contains("mov") || names.contains("mp4")) {
            return Optional.of(List.of("mp4", "mov", "m4v").contains(given) ? given : "mp4");
        }
        if (names.contains("matroska") || names.contains("webm")) {
            return Optional.of(List.of("mkv", "webm").contains(given) ? given : "mkv");
        }
        return Optional.empty();
    }

    private static int rotation(JsonNode video) {
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                return (int) Math.round(side.path("rotation").asDouble(0));
            }
        }
        return video.path("tags").path("rotate").asInt(0);
    }

    private static Optional<Double> ratio(String text, String separator) {
        String[] parts = text.split(Pattern.quote(separator));
        try {
            if (parts.length == 2) {
                double d = Double.parseDouble(parts[1]);
                return d == 0 ? Optional.empty() : Optional.of(Double.parseDouble(parts[0]) / d);
            }
            return parts.length == 1 ? Optional.of(Double.parseDouble(parts[0])) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> streams(JsonNode root) {
        List<String> found = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            found.add(s.path("codec_type").asString("data") + " " + s.path("codec_name").asString("unknown"));
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found));
    }
}
