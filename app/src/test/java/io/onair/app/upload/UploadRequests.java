package io.onair.app.upload;

import io.onair.app.api.ApiClient;
import io.onair.app.e2e.support.ExternalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The upload API as the dashboard calls it: a multipart/form-data POST with the session cookie and the CSRF header
 * of an {@link ApiClient}; and test videos made by ffmpeg.
 */
final class UploadRequests {
    private UploadRequests() {
    }

    /** POSTs {@code data} as the {@code file} part (and a {@code title} part when not null). */
    static ApiClient.Response upload(URI base, ApiClient who, String channel, String fileName, byte[] data,
            String title) {
        who.get("/api/channels"); // hands out the CSRF cookie
        String boundary = "----onair" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        if (title != null) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(data);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/channels/" + channel + "/uploads"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts));
        String cookies = who.cookieHeader();
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies);
        }
        who.csrfToken().ifPresent(t -> b.header("X-XSRF-TOKEN", t));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * An MP4 of {@code seconds} of test pattern and a tone, H.264 + AAC 44.1 kHz mono (not what the ladder makes:
     * the audio is converted too), made fast and small.
     */
    static Path video(Path dir, String name, int seconds, String size) {
        Path file = dir.resolve(name);
        ExternalProcess ffmpeg = ExternalProcess.start("ffmpeg make " + name, List.of("ffmpeg", "-hide_banner",
                "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=30", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", file.toString()));
        ffmpeg.assertSucceeds(Duration.ofSeconds(60));
        return file;
    }

    /** An MP4 with only a tone in it. */
    static Path audio(Path dir) {
        Path file = dir.resolve("song.mp4");
        ExternalProcess ffmpeg = ExternalProcess.start("ffmpeg make song.mp4", List.of("ffmpeg", "-hide_banner",
                "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "2",
                "-c:a", "aac", "-b:a", "64k", file.toString()));
        ffmpeg.assertSucceeds(Duration.ofSeconds(60));
        return file;
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
