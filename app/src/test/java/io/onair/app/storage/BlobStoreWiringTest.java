package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.config.OnairProperties;
import java.nio.file.Path;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link StorageWiring} in a Spring context with the real property binding: the default disk store under the data
 * directory, the S3 store, the start-up log line, and a start-up that fails naming the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class BlobStoreWiringTest {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final S3ProxyExtension s3Proxy = S3ProxyExtension.builder()
            .withCredentials("onair-test-access", "onair-test-secret")
            .build();

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OnairProperties.class)
    static class Onair {
    }

    ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Onair.class, StorageWiring.class)
                .withPropertyValues("onair.data-dir=" + dataDir);
    }

    @Test
    void diskUnderTheDataDirectoryByDefault(CapturedOutput output) {
        context().run(context -> {
            assertThat(context).hasSingleBean(BlobStore.class);
            BlobStore store = context.getBean(BlobStore.class);
            assertThat(store).isInstanceOf(DiskBlobStore.class);
            assertThat(store.describe()).isEqualTo("disk " + dataDir.resolve("storage").toAbsolutePath());
            store.put("replays/1/a.m4s", new byte[] {1, 2, 3}, "video/iso.segment");
            assertThat(dataDir.resolve("storage/replays/1/a.m4s")).hasBinaryContent(new byte[] {1, 2, 3});
        });
        assertThat(output.getAll()).contains("storage: disk " + dataDir.resolve("storage").toAbsolutePath());
    }

    @Test
    void diskDirectory() {
        Path elsewhere = dataDir.resolve("elsewhere");
        context().withPropertyValues("onair.storage.disk.dir=" + elsewhere).run(context ->
                assertThat(context.getBean(BlobStore.class).describe()).isEqualTo("disk " + elsewhere));
    }

    @Test
    void s3(CapturedOutput output) {
        try (S3Client raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3Proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3Proxy.getAccessKey(), s3Proxy.getSecretKey())))
                .build()) {
            raw.createBucket(b -> b.bucket("vods"));
        }
        context().withPropertyValues(s3Settings("vods")).run(context -> {
            BlobStore store = context.getBean(BlobStore.class);
            assertThat(store).isInstanceOf(S3BlobStore.class);
            store.put("replays/1/a.m4s", new byte[] {1, 2, 3}, "video/iso.segment");
            assertThat(store.read("replays/1/a.m4s")).containsExactly(1, 2, 3);
        });
        assertThat(output.getAll())
                .contains("storage: s3 bucket 'vods' at " + s3Proxy.getUri() + " (path-style)")
                .doesNotContain(s3Proxy.getSecretKey());
    }

    @Test
    void aMissingBucketStopsStartNamingTheKey() {
        context().withPropertyValues(s3Settings("no-such-bucket")).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (cause != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("the store's own failure, under Spring's BeanCreationException")
                    .hasMessageStartingWith("onair.storage.s3.bucket: bucket 'no-such-bucket' does not exist");
        });
    }

    private String[] s3Settings(String bucket) {
        return new String[] {
                "onair.storage.type=s3",
                "onair.storage.s3.endpoint=" + s3Proxy.getUri(),
                "onair.storage.s3.bucket=" + bucket,
                "onair.storage.s3.access-key=" + s3Proxy.getAccessKey(),
                "onair.storage.s3.secret-key=" + s3Proxy.getSecretKey(),
                "onair.storage.s3.path-style=true",
        };
    }
}
