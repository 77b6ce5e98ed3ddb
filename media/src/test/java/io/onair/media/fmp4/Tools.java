package io.onair.media.fmp4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffprobe/ffmpeg/GStreamer for the end-to-end tests. A missing tool fails the test (it does not skip it):
 * CI installs ffmpeg and gstreamer1.0-tools with the good plugins and libav. Public in the test-jar: the hls tests
 * run ffprobe/ffmpeg on playlists the same way.
 */
public final class Tools {
    public record Result(int exit, String stdout, String stderr) {
    }

    private Tools() {
    }

    public static Result run(String... command) {
        return run(Map.of(), command);
    }

    public static Result run(Map<String, String> environment, String... command) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is required for this test (install ffmpeg and"
                    + " gstreamer1.0-tools): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** ffprobe's default output: key=value lines between [NAME] and [/NAME]. */
    public static List<Map<String, String>> blocks(String output, String name) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : output.split("\n")) {
            if (line.equals("[" + name + "]")) {
                current = new HashMap<>();
            } else if (line.equals("[/" + name + "]")) {
                blocks.add(current);
                current = null;
            } else if (current != null && line.contains("=")) {
                current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return blocks;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
