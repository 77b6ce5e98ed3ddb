package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where ffprobe (the uploads' file check) is found: beside the ffmpeg in use first, then on PATH. */
class FfmpegLocatorTest {
    @TempDir
    Path dir;

    private Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void ffprobeBesideTheConfiguredFfmpegComesFirst() throws IOException {
        Path ffmpeg = executable(dir.resolve("opt/bin/ffmpeg"));
        Path beside = executable(dir.resolve("opt/bin/ffprobe"));
        executable(dir.resolve("usr/bin/ffprobe"));
        assertThat(FfmpegLocator.ffprobe(ffmpeg, dir.resolve("usr/bin").toString())).contains(beside);
    }

    @Test
    void elseTheOneOnPath() throws IOException {
        Path ffmpeg = executable(dir.resolve("opt/bin/ffmpeg"));
        Path onPath = executable(dir.resolve("usr/bin/ffprobe"));
        assertThat(FfmpegLocator.ffprobe(ffmpeg, "/nonexistent:" + dir.resolve("usr/bin"))).contains(onPath);
    }

    @Test
    void aVersionedNameFindsItsVersionedFfprobe() throws IOException {
        Path ffmpeg = executable(dir.resolve("ffmpeg-6.1"));
        Path beside = executable(dir.resolve("ffprobe-6.1"));
        assertThat(FfmpegLocator.ffprobe(ffmpeg, "")).contains(beside);
    }
}
