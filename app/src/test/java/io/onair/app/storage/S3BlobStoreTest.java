package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The contract against a real S3 API server (s3proxy, embedded: no Docker here), through the same SDK client
 * configuration as production (path-style, as for MinIO and s3proxy), and what only S3 has: pre-signed URLs, the
 * bucket check at start, the key prefix, multipart uploads.
 */
class S3BlobStoreTest extends BlobStoreContract {
    static final String BUCKET = "vods";

    /** A fresh server (and empty storage) for every test. */
    @RegisterExtension
    final S3ProxyExtension s3Proxy = S3ProxyExtension.builder()
            .withCredentials("onair-test-access", "onair-test-secret")
            .build();

    /** The test's own client, to set up buckets and look behind the store's back. */
    private S3Client raw;
    private S3BlobStore store;

    @BeforeEach
    void createBucket() {
        raw = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3Proxy.getUri())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3Proxy.getAccessKey(), s3Proxy.getSecretKey())))
                .build();
        raw.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        raw.close();
    }

    @Override
    BlobStore store() {
        if (store == null) {
            store = new S3BlobStore(config(BUCKET, "", false));
        }
        return store;
    }

    StorageProperties.S3 config(String bucket, String prefix, boolean redirect) {
        return new StorageProperties.S3(s3Proxy.getUri().toString(), "us-east-1", bucket, s3Proxy.getAccessKey(),
                s3Proxy.getSecretKey(), true, prefix, redirect, Duration.ofMinutes(10));
    }

    @Test
    void directUrlIsAPreSignedGetWhenRedirectIsOn() throws Exception {
        store = new S3BlobStore(config(BUCKET, "", true));
        store.put("replays/42/download.mp4", SEGMENT, "video/mp4");

        URI url = store.directUrl("replays/42/download.mp4", Duration.ofMinutes(5)).orElseThrow();

        assertThat(url.toString()).startsWith(s3Proxy.getUri() + "/" + BUCKET + "/replays/42/download.mp4?")
                .contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(SEGMENT);
            assertThat(response.headers().firstValue("Content-Type")).contains("video/mp4");

            // The signature covers the key: another key with the same query string is refused.
            URI other = URI.create(url.toString().replace("download.mp4", "other.mp4"));
            store.put("replays/42/other.mp4", SEGMENT, "video/mp4");
            assertThat(http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void directUrlLivesAtMostThePresignTtl() throws Exception {
        store = new S3BlobStore(config(BUCKET, "", true));
        assertThat(store.directUrl("replays/1/a.mp4", Duration.ofDays(1)).orElseThrow().toString())
                .as("capped at onair.storage.s3.presign-ttl (10m)").contains("X-Amz-Expires=600");
        assertThatThrownBy(() -> store.directUrl("replays/1/a.mp4", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noDirectUrlWhenRedirectIsOff() throws Exception {
        BlobStore store = store();
        store.put("replays/42/download.mp4", SEGMENT, "video/mp4");
        assertThat(store.directUrl("replays/42/download.mp4", Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void aMissingBucketFailsStartNamingTheKey() {
        assertThatThrownBy(() -> new S3BlobStore(config("no-such-bucket", "", false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onair.storage.s3.bucket")
                .hasMessageContaining("'no-such-bucket'")
                .hasMessageContaining("does not exist");
        assertThat(raw.listBuckets().buckets()).as("not created").extracting(b -> b.name()).containsExactly(BUCKET);
    }

    @Test
    void wrongCredentialsFailStartNamingTheKey() {
        var wrong = new StorageProperties.S3(s3Proxy.getUri().toString(), "us-east-1", BUCKET, "someone-else",
                "not-the-secret", true, "", false, Duration.ofMinutes(10));
        assertThatThrownBy(() -> new S3BlobStore(wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onair.storage.s3.access-key")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anUnreachableEndpointFailsStartNamingTheKey() {
        var nowhere = new StorageProperties.S3("http://127.0.0.1:1", "us-east-1", BUCKET, "a", "b", true, "", false,
                Duration.ofMinutes(10));
        assertThatThrownBy(() -> new S3BlobStore(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onair.storage.s3.endpoint")
                .hasMessageContaining("http://127.0.0.1:1");
    }

    @Test
    void describeNamesBucketAndEndpointButNoSecret() {
        store = new S3BlobStore(config(BUCKET, "site-a", true));
        assertThat(store.describe())
                .isEqualTo("s3 bucket 'vods' at " + s3Proxy.getUri() + " (path-style), prefix 'site-a/',"
                        + " pre-signed redirects for up to PT10M")
                .doesNotContain(s3Proxy.getSecretKey());
    }

    @Test
    void keysLiveUnderThePrefix() throws Exception {
        store = new S3BlobStore(config(BUCKET, "site-a", false));
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");
        // Another deployment's object in the same bucket, and one with a name no key can have.
        raw.putObject(b -> b.bucket(BUCKET).key("site-b/replays/1/a.m4s"), RequestBody.fromBytes(SEGMENT));
        raw.putObject(b -> b.bucket(BUCKET).key("site-a/replays/1/x y.m4s"), RequestBody.fromBytes(SEGMENT));

        assertThat(raw.listObjectsV2(b -> b.bucket(BUCKET).prefix("site-a/")).contents())
                .extracting(S3Object::key).contains("site-a/replays/1/a.m4s");
        assertThat(store.list("")).containsExactly("replays/1/a.m4s");
        store.delete(List.of("replays/1/a.m4s"));
        assertThat(raw.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrder("site-b/replays/1/a.m4s", "site-a/replays/1/x y.m4s");
    }

    /** Above the part size a file goes up in parts (S3's minimum part is 5 MiB, the last one excepted). */
    @Test
    void largeFilesGoUpInParts() throws Exception {
        long partSize = 5L << 20;
        store = new S3BlobStore(config(BUCKET, "", false), partSize);
        Path file = scratch.resolve("vod.mp4");
        byte[] content = bytes((int) (2 * partSize + 12345), 5);
        Files.write(file, content);

        store.putFile("downloads/42/vod.mp4", file, "video/mp4");

        assertThat(store.stat("downloads/42/vod.mp4")).contains(new BlobInfo(content.length, "video/mp4"));
        assertThat(store.read("downloads/42/vod.mp4")).isEqualTo(content);
        assertThat(raw.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).as("none left open").isEmpty();
        try (var in = store.open("downloads/42/vod.mp4", partSize - 10, 20)) {
            assertThat(in.readAllBytes()).as("a range across a part boundary")
                    .isEqualTo(java.util.Arrays.copyOfRange(content, (int) partSize - 10, (int) partSize + 10));
        }
    }
}
