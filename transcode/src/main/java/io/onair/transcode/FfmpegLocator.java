package io.onair.transcode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ffmpeg executable: {@code onair.ffmpeg.path} when set, else the first {@code ffmpeg} on PATH (the
 * operator's own build, with whatever hardware encoders it has), else the bundled bytedeco build (libx264 included),
 * which JavaCPP extracts from the jar into its cache on first use. Used by the transcoder and the demo publisher.
 */
public final class FfmpegLocator {
    private static final Logger log = LoggerFactory.getLogger(FfmpegLocator.class);

    private FfmpegLocator() {
    }

    public static Optional<Path> locate(String configured, String pathVariable) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return onPath(pathVariable).or(FfmpegLocator::bundled);
    }

    public static Optional<Path> onPath(String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The ffprobe that goes with {@code ffmpeg} (uploads are checked with it): the one beside it, else the first
     * {@code ffprobe} on PATH, else the bundled build's.
     */
    public static Optional<Path> ffprobe(Path ffmpeg, String pathVariable) {
        Path sibling = ffmpeg.resolveSibling(ffmpeg.getFileName().toString().replace("ffmpeg", "ffprobe"));
        if (!sibling.equals(ffmpeg) && Files.isExecutable(sibling)) {
            return Optional.of(sibling);
        }
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = dir.isBlank() ? null : Path.of(dir, "ffprobe");
                if (candidate != null && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        try {
            return Optional.of(Path.of(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffprobe.class)));
        } catch (RuntimeException | LinkageError e) {
            log.warn("no ffprobe beside {} or on PATH, and the bundled build cannot load here: {}", ffmpeg,
                    e.toString());
            return Optional.empty();
        }
    }

    static Optional<Path> bundled() {
        try {
            String path = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
            log.info("no ffmpeg on PATH: using the bundled build at {}", path);
            return Optional.of(Path.of(path));
        } catch (RuntimeException | LinkageError e) {
            log.warn("no ffmpeg on PATH and the bundled build cannot load on this platform: {}", e.toString());
            return Optional.empty();
        }
    }
}
