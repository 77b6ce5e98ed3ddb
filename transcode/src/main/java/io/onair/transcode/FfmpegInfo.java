package io.onair.transcode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link FfmpegProbe} found out about an ffmpeg executable.
 *
 * @param version  the version as ffmpeg prints it ({@code 5.1.9-0+deb12u1}, {@code N-112233-gabcdef})
 * @param encoders the names of the encoders it lists
 */
public record FfmpegInfo(Path executable, String version, Set<String> encoders) {
    public FfmpegInfo {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(version, "version");
        encoders = Set.copyOf(encoders);
    }

    public boolean hasEncoder(String name) {
        return encoders.contains(name);
    }

    /**
     * True when the version is at least major.minor. Git builds ({@code N-…}, {@code git-…}) are taken as new:
     * they come from master, which is past every release.
     */
    public boolean atLeast(int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^n?(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return true;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || ma == major && mi >= minor;
    }
}
