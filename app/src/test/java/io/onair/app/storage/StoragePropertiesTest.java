package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code onair.storage.*} bound as Spring binds it at start (kebab-case keys, {@code @DefaultValue}s), and every
 * check's message, which must name the key to fix.
 */
class StoragePropertiesTest {

    static StorageProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("onair.storage", StorageProperties.class);
    }

    static StorageProperties bind(String... keyValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put("onair.storage." + keyValues[i], keyValues[i + 1]);
        }
        return bind(settings);
    }

    @Test
    void defaults() {
        StorageProperties p = bind(Map.of());

        assertThat(p.type()).isEqualTo("disk");
        assertThat(p.disk().dir()).isEmpty();
        assertThat(p.diskDir(Path.of("/srv/onair/data"))).isEqualTo(Path.of("/srv/onair/data/storage"));
        assertThat(p.s3()).isEqualTo(new StorageProperties.S3("", "us-east-1", "", "", "", false, "", false,
                Duration.ofMinutes(10)));
    }

    @Test
    void everyKeyBinds() {
        StorageProperties p = bind("type", "s3", "disk.dir", "/mnt/replays",
                "s3.endpoint", "http://minio.lan:9000", "s3.region", "eu-west-3", "s3.bucket", "vods",
                "s3.access-key", "AKIAEXAMPLE", "s3.secret-key", "wJalrXUtnFEMI", "s3.path-style", "true",
                "s3.prefix", "site-a/", "s3.redirect", "true", "s3.presign-ttl", "1h");

        assertThat(p.type()).isEqualTo("s3");
        assertThat(p.diskDir(Path.of("/ignored"))).isEqualTo(Path.of("/mnt/replays"));
        assertThat(p.s3()).isEqualTo(new StorageProperties.S3("http://minio.lan:9000", "eu-west-3", "vods",
                "AKIAEXAMPLE", "wJalrXUtnFEMI", true, "site-a/", true, Duration.ofHours(1)));
    }

    @Test
    void aPrefixIsAFolder() {
        assertThat(bind("s3.prefix", "site-a").s3().prefix()).isEqualTo("site-a/");
        assertThat(bind("s3.prefix", "deployments/site-a/").s3().prefix()).isEqualTo("deployments/site-a/");
    }

    @Test
    void presignTtlBounds() {
        assertThat(bind("s3.presign-ttl", "1m").s3().presignTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(bind("s3.presign-ttl", "7d").s3().presignTtl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theSecretKeyIsNotPrinted() {
        StorageProperties p = bind("s3.access-key", "AKIAEXAMPLE", "s3.secret-key", "wJalrXUtnFEMI");
        assertThat(p.toString()).doesNotContain("wJalrXUtnFEMI").contains("secretKey=******");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            // key             | bad value                | the message
            "type              | ftp                      | onair.storage.type: must be disk or s3, was 'ftp'",
            "type              | S3                       | onair.storage.type: must be disk or s3, was 'S3'",
            "s3.region         | ''                       | onair.storage.s3.region: expected a region name",
            "s3.region         | EU West                  | onair.storage.s3.region: expected a region name",
            "s3.bucket         | My_Bucket                | onair.storage.s3.bucket: 'My_Bucket' is not a bucket name",
            "s3.bucket         | ab                       | onair.storage.s3.bucket: 'ab' is not a bucket name",
            "s3.endpoint       | minio.lan:9000           | onair.storage.s3.endpoint: expected http(s)://host[:port]",
            "s3.endpoint       | ftp://minio.lan          | onair.storage.s3.endpoint: expected http(s)://host[:port]",
            "s3.endpoint       | http://minio lan         | onair.storage.s3.endpoint: not a URL",
            "s3.endpoint       | http://u:p@minio.lan     | onair.storage.s3.endpoint: no credentials in the URL",
            "s3.access-key     | AKIAEXAMPLE              | onair.storage.s3.secret-key: set both access-key and secret-key, or neither",
            "s3.secret-key     | wJalrXUtnFEMI            | onair.storage.s3.access-key: set both access-key and secret-key, or neither",
            "s3.prefix         | ../other                 | onair.storage.s3.prefix: invalid blob key prefix '../other'",
            "s3.prefix         | /site-a                  | onair.storage.s3.prefix: invalid blob key prefix '/site-a'",
            "s3.presign-ttl    | 30s                      | onair.storage.s3.presign-ttl: must be between 1m and 7d (SigV4's maximum), was PT30S",
            "s3.presign-ttl    | 8d                       | onair.storage.s3.presign-ttl: must be between 1m and 7d (SigV4's maximum), was PT192H",
    })
    void aBadValueIsRefusedNamingTheKey(String key, String value, String message) {
        assertThat(failure("onair.storage." + key, value)).startsWith(message);
    }

    @Test
    void s3NeedsABucket() {
        assertThat(failure("onair.storage.type", "s3"))
                .isEqualTo("onair.storage.s3.bucket: required when onair.storage.type is s3");
    }

    @Test
    void theSecretIsNotInMessages() {
        assertThat(failure("onair.storage.s3.endpoint", "http://user:hunter2@minio.lan")).doesNotContain("hunter2");
    }

    /** The message of the check that refused key=value (Spring wraps it in a BindException naming the prefix). */
    static String failure(String key, String value) {
        Throwable thrown = catchThrowable(() -> bind(Map.of(key, value)));
        assertThat(thrown).as(key + "=" + value).isInstanceOf(BindException.class);
        Throwable cause = thrown;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(IllegalArgumentException.class);
        return cause.getMessage();
    }
}
