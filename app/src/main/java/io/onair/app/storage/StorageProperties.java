package io.onair.app.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code onair.storage.*}: where replays are kept (issue 7). application.yml gives the reason for each default.
 * Checks are in the compact constructors, like {@link io.onair.app.config.OnairProperties}, so that a bad value stops
 * the server with the kebab-case key named.
 *
 * @param type {@code disk} (files under {@code disk.dir}) or {@code s3} (a bucket on AWS or an S3-compatible server)
 * @param disk the disk store's settings
 * @param s3   the S3 store's settings
 */
@Validated
@ConfigurationProperties("onair.storage")
public record StorageProperties(
        @DefaultValue("disk") String type,
        @Valid @NotNull @DefaultValue Disk disk,
        @Valid @NotNull @DefaultValue S3 s3) {

    public StorageProperties {
        type = Objects.requireNonNullElse(type, "");
        if (!type.equals("disk") && !type.equals("s3")) {
            throw new IllegalArgumentException("onair.storage.type: must be disk or s3, was '" + type + "'");
        }
        if (type.equals("s3") && s3.bucket().isEmpty()) {
            throw new IllegalArgumentException("onair.storage.s3.bucket: required when onair.storage.type is s3");
        }
    }

    /** The disk store's directory: {@code disk.dir}, or {@code <data-dir>/storage} when it is empty. */
    public Path diskDir(Path dataDir) {
        return disk.dir().isEmpty() ? dataDir.resolve("storage") : Path.of(disk.dir());
    }

    /** @param dir the directory objects are files in; empty: {@code <onair.data-dir>/storage} */
    public record Disk(@DefaultValue("") String dir) {
        public Disk {
            dir = Objects.requireNonNullElse(dir, "").strip();
        }
    }

    /**
     * @param endpoint    {@code http(s)://host[:port]} of an S3-compatible server; empty: AWS (from the region)
     * @param region      the bucket's region (SigV4 signs with it; MinIO and s3proxy accept any)
     * @param bucket      an existing bucket (never created by Onair)
     * @param accessKey   with {@code secretKey}; both empty: the SDK's default chain (environment, profile, IAM role)
     * @param secretKey   see {@code accessKey}; never printed
     * @param pathStyle   {@code http://host/bucket/key} rather than {@code http://bucket.host/key} (MinIO, s3proxy)
     * @param prefix      prepended to every key, so several deployments can share a bucket; ends with '/' when set
     * @param redirect    hand players and downloaders pre-signed URLs instead of streaming through the server
     * @param presignTtl  the longest a pre-signed URL stays valid
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("") String bucket,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("false") boolean pathStyle,
            @DefaultValue("") String prefix,
            @DefaultValue("false") boolean redirect,
            @DefaultValue("10m") Duration presignTtl) {

        /** S3's bucket naming rules (3-63 of a-z, 0-9, '.', '-'; a letter or digit at both ends). */
        private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

        /** SigV4 pre-signed URLs are valid for at most 7 days (X-Amz-Expires ≤ 604800). */
        static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

        public S3 {
            endpoint = Objects.requireNonNullElse(endpoint, "").strip();
            region = Objects.requireNonNullElse(region, "").strip();
            bucket = Objects.requireNonNullElse(bucket, "").strip();
            accessKey = Objects.requireNonNullElse(accessKey, "").strip();
            secretKey = Objects.requireNonNullElse(secretKey, "").strip();
            prefix = Objects.requireNonNullElse(prefix, "").strip();
            presignTtl = Objects.requireNonNullElse(presignTtl, Duration.ofMinutes(10));
            if (!endpoint.isEmpty()) {
                checkEndpoint(endpoint);
            }
            if (region.isEmpty() || !region.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("onair.storage.s3.region: expected a region name such as"
                        + " us-east-1, was '" + region + "'");
            }
            if (!bucket.isEmpty() && (!BUCKET.matcher(bucket).matches() || bucket.contains(".."))) {
                throw new IllegalArgumentException("onair.storage.s3.bucket: '" + bucket + "' is not a bucket name"
                        + " (3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit)");
            }
            if (accessKey.isEmpty() != secretKey.isEmpty()) {
                throw new IllegalArgumentException("onair.storage.s3." + (accessKey.isEmpty() ? "access-key" : "secret-key")
                        + ": set both access-key and secret-key, or neither (the AWS SDK's default credentials chain)");
            }
            if (!prefix.isEmpty()) {
                try {
                    BlobKeys.checkPrefix(prefix);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("onair.storage.s3.prefix: " + e.getMessage(), e);
                }
                // "onair" would make "onairreplays/…": a prefix is a folder.
                prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            }
            if (presignTtl.compareTo(Duration.ofMinutes(1)) < 0 || presignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
                throw new IllegalArgumentException("onair.storage.s3.presign-ttl: must be between 1m and 7d"
                        + " (SigV4's maximum), was " + presignTtl);
            }
        }

        private static void checkEndpoint(String endpoint) {
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("onair.storage.s3.endpoint: not a URL: '" + endpoint + "'", e);
            }
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("onair.storage.s3.endpoint: expected http(s)://host[:port],"
                        + " was '" + endpoint + "'");
            }
            if (uri.getRawUserInfo() != null) {
                // It would end up in logs (describe()); credentials have their own keys.
                throw new IllegalArgumentException("onair.storage.s3.endpoint: no credentials in the URL; use"
                        + " onair.storage.s3.access-key and secret-key");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("onair.storage.s3.endpoint: expected http(s)://host[:port],"
                        + " was '" + endpoint + "'");
            }
        }

        /** The endpoint as a URI, when one is set. */
        public Optional<URI> endpointUri() {
            return endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
        }

        /** Without the secret key: records print every component, and these may be logged. */
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                    + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "******") + ", pathStyle=" + pathStyle
                    + ", prefix=" + prefix + ", redirect=" + redirect + ", presignTtl=" + presignTtl + "]";
        }
    }
}
