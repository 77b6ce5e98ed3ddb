package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.Poll;
import io.onair.rtmp.RtmpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The server with its replays on S3 (a real S3 API server, s3proxy, started by the test before the server): ffmpeg
 * broadcasts 10 s; the replay's objects are in the bucket, segment requests are redirected to pre-signed URLs
 * ({@code onair.storage.s3.redirect}) that serve the stored bytes, and ffprobe plays the replay through the
 * redirects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onair.rtmp.host=127.0.0.1",
        "onair.rtmp.port=0",
        "onair.http.media-port=0",
        "onair.hls.end-grace=2s",
        "onair.transcode.enabled=false",
        "onair.ingest.keys." + S3ReplayServerTest.CHANNEL + "=s3-replay-stream-key-0001",
        "onair.storage.type=s3",
        "onair.storage.s3.region=us-east-1",
        "onair.storage.s3.bucket=" + S3ReplayServerTest.BUCKET,
        "onair.storage.s3.path-style=true",
        "onair.storage.s3.redirect=true",
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ReplayServerTest {
    static final String CHANNEL = "s3cast";
    static final String BUCKET = "onair-replays";
    private static final Duration SENT = Duration.ofSeconds(10);
    private static final S3ProxyJunitCore S3 = startS3();

    @LocalServerPort
    int httpPort;

    @Autowired
    RtmpServer rtmpServer;

    private long replay;
    private JsonNode ended;

    private static S3ProxyJunitCore startS3() {
        try {
            S3ProxyJunitCore s3 = new S3ProxyJunitCore.Builder().withCredentials("s3-access", "s3-secret").build();
            s3.beforeEach();
            try (S3Client raw = client(s3)) {
                raw.createBucket(b -> b.bucket(BUCKET));
            }
            return s3;
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
    }

    private static S3Client client(S3ProxyJunitCore s3) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(s3.getUri())
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecretKey())))
                .build();
    }

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("onair-s3-e2e-");
        dir.toFile().deleteOnExit();
        registry.add("onair.data-dir", dir::toString);
        registry.add("onair.storage.s3.endpoint", () -> S3.getUri().toString());
        registry.add("onair.storage.s3.access-key", S3::getAccessKey);
        registry.add("onair.storage.s3.secret-key", S3::getSecretKey);
    }

    @AfterAll
    void stopS3() {
        S3.afterEach();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    @BeforeAll
    void broadcast() {
        try (ExternalProcess publisher = Ffmpeg.publisher("rtmp://127.0.0.1:" + rtmpServer.port()
                + "/live/s3-replay-stream-key-0001").size("320x180").fps(30).gop(30).realtime(true).duration(SENT)
                .start()) {
            publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
            ApiClient api = new ApiClient(base());
            ended = Poll.until("the ended replay", Duration.ofSeconds(30), publisher::describe, () -> {
                JsonNode list = api.get("/api/channels/" + CHANNEL + "/replays").json();
                return list.size() == 1 && !list.get(0).path("live").asBoolean() ? Optional.of(list.get(0))
                        : Optional.empty();
            });
            replay = ended.path("id").asLong();
        }
    }

    @Test
    void theReplaysObjectsAreInTheBucket() {
        try (S3Client raw = client(S3)) {
            var keys = raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("replays/" + replay + "/")).contents()
                    .stream().map(o -> o.key()).toList();
            assertThat(keys).contains("replays/" + replay + "/source/" + firstSegment(),
                    "replays/" + replay + "/audio/" + firstSegment())
                    .anyMatch(k -> k.startsWith("replays/" + replay + "/source/init-"));
            assertThat(keys.stream().filter(k -> k.endsWith(".m4s")).count()).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void segmentRequestsAreRedirectedToPreSignedUrlsServingTheStoredBytes() throws Exception {
        HttpClient noFollow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        URI segment = base().resolve("/vod/" + replay + "/source/" + firstSegment());
        HttpResponse<byte[]> redirect = noFollow.send(HttpRequest.newBuilder(segment).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(S3.getUri().toString()).contains("X-Amz-Signature=");
        HttpResponse<byte[]> fromS3 = noFollow.send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fromS3.statusCode()).isEqualTo(200);
        try (S3Client raw = client(S3)) {
            byte[] stored = raw.getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key("replays/" + replay + "/source/" + firstSegment())).asByteArray();
            assertThat(fromS3.body()).isEqualTo(stored);
        }
        assertThat(fromS3.body().length).isGreaterThan(1000);
    }

    @Test
    void ffprobePlaysTheReplayThroughTheRedirects() {
        assertThat(ended.path("duration").asDouble()).isCloseTo(10.0, Offset.offset(2.1));
        JsonNode format = Ffprobe.streams(base().resolve("/vod/" + replay + "/master.m3u8").toString())
                .path("format");
        assertThat(format.path("duration").asDouble()).isCloseTo(10.0, Offset.offset(2.1));
    }

    @Test
    void thePagesMayLoadFromTheStoreTheRedirectsPointAt() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base().resolve("/videos/" + replay)).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String origin = S3.getUri().getScheme() + "://" + S3.getUri().getAuthority();
        assertThat(csp).contains("connect-src 'self' " + origin, "media-src 'self' blob: " + origin,
                "img-src 'self' data: " + origin);
    }

    private String firstSegment() {
        String media = new ApiClient(base()).get("/vod/" + replay + "/source/index.m3u8").body();
        return media.lines().filter(l -> l.endsWith(".m4s")).findFirst()
                .orElseThrow(() -> new UncheckedIOException(new IOException("no segment in\n" + media)));
    }
}
