package io.onair.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** One HTTP/1.1 keep-alive client (java.net.http) with bounded time-outs; only 200 answers count. */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    Optional<String> text(URI uri) {
        return bytes(uri).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    Optional<byte[]> bytes(URI uri) {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The media playlist behind {@code uri}: a master playlist is followed to its first variant. Polls every
     * 20 ms until {@code deadlineNanos}.
     */
    Optional<URI> mediaPlaylist(URI uri, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            Optional<String> text = text(uri);
            if (text.isPresent()) {
                Optional<String> variant = MediaPlaylist.firstVariant(text.get());
                return Optional.of(variant.map(uri::resolve).orElse(uri));
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    void close() {
        client.close();
    }
}
