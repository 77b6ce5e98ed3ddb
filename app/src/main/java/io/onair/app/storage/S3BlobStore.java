package io.onair.app.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects in an S3 bucket (AWS, or MinIO, Ceph, s3proxy … through {@code endpoint} and path-style access), under an
 * optional key prefix. A PUT is atomic on S3 (readers get the old object or the new one), which is the contract.
 *
 * <p>The SDK's HTTP client is the JDK's {@code HttpURLConnection} (url-connection-client): no second HTTP stack or
 * Netty event loop for requests that are synchronous anyway (virtual threads block cheaply). Checksums are computed
 * and validated only where the S3 API requires them ({@code WHEN_REQUIRED}): SDK 2.30+ otherwise adds CRC32 trailers
 * to every upload, which several S3-compatible servers reject ("aws-chunked" bodies, unknown
 * {@code x-amz-checksum-*} headers). Errors of S3 or of the network are {@link IOException}s naming the key.
 *
 * <p>The bucket must exist: it is checked with HeadBucket when the store is created, and start-up fails naming
 * {@code onair.storage.s3.bucket} when it is missing. Creating it here would hide a typo in the name (objects written
 * to a bucket nobody backs up) and needs rights a service account should not have.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /**
     * Files larger than this go up in parts of this size (multipart upload): one PUT is limited to 5 GiB, and a
     * failed part is retried alone. 64 MiB × S3's 10,000 parts = 640 GiB, far above a day of 4K video.
     */
    static final long PART_SIZE = 64L << 20;

    /** S3's DeleteObjects limit per request. */
    static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final S3Presigner presigner; // null: redirect is off
    private final AwsCredentialsProvider credentials;
    private final String bucket;
    private final String prefix;
    private final Duration maxTtl;
    private final long partSize;
    private final String description;

    /** Connects and checks the bucket: fails (IllegalStateException naming the key to fix) when unusable. */
    public S3BlobStore(StorageProperties.S3 config) {
        this(config, PART_SIZE);
    }

    S3BlobStore(StorageProperties.S3 config, long partSize) {
        if (config.bucket().isEmpty()) {
            throw new IllegalArgumentException("onair.storage.s3.bucket: required when onair.storage.type is s3");
        }
        this.bucket = config.bucket();
        this.prefix = config.prefix();
        this.maxTtl = config.presignTtl();
        this.partSize = partSize;
        this.credentials = config.accessKey().isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        Region region = Region.of(config.region());
        var client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        // Start-up fails within seconds on an unreachable endpoint instead of hanging.
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpointUri().ifPresent(client::endpointOverride);
        this.s3 = client.build();
        if (config.redirect()) {
            var presign = S3Presigner.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
            config.endpointUri().ifPresent(presign::endpointOverride);
            this.presigner = presign.build();
        } else {
            this.presigner = null;
        }
        String where = config.endpointUri().map(u -> "at " + u).orElse("in " + region + " (AWS)");
        this.description = "s3 bucket '" + bucket + "' " + where + (config.pathStyle() ? " (path-style)" : "")
                + (prefix.isEmpty() ? "" : ", prefix '" + prefix + "'")
                + (presigner != null ? ", pre-signed redirects for up to " + maxTtl : "");
        try {
            checkBucket(where);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void checkBucket(String where) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw missingBucket(where, e);
        } catch (S3Exception e) {
            switch (e.statusCode()) {
                case 404 -> throw missingBucket(where, e);
                case 403 -> throw new IllegalStateException("onair.storage.s3.access-key: access to bucket '" + bucket
                        + "' " + where + " is denied (403): check the access key, the secret key and the bucket's"
                        + " policy", e);
                case 301 -> throw new IllegalStateException("onair.storage.s3.region: bucket '" + bucket
                        + "' is in region " + e.awsErrorDetails().sdkHttpResponse()
                                .firstMatchingHeader("x-amz-bucket-region").orElse("(not said)")
                        + ", not " + where, e);
                default -> throw new IllegalStateException("onair.storage.s3: checking bucket '" + bucket + "' "
                        + where + " failed: " + e.getMessage(), e);
            }
        } catch (SdkClientException e) {
            throw new IllegalStateException("onair.storage.s3.endpoint: cannot reach S3 " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private IllegalStateException missingBucket(String where, Exception cause) {
        return new IllegalStateException("onair.storage.s3.bucket: bucket '" + bucket + "' does not exist " + where
                + "; create it first (Onair does not create buckets)", cause);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) throws IOException {
        String k = s3Key(key);
        String type = type(key, contentType);
        try {
            s3.putObject(b -> b.bucket(bucket).key(k).contentType(type).contentLength((long) bytes.length),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failed("put", key, e);
        }
    }

    @Override
    public void putFile(String key, Path file, String contentType) throws IOException {
        String k = s3Key(key);
        String type = type(key, contentType);
        long size = Files.size(file);
        if (size > partSize) {
            putMultipart(key, k, file, size, type);
            return;
        }
        try (FileSlice body = new FileSlice(file, 0, size)) {
            s3.putObject(b -> b.bucket(bucket).key(k).contentType(type).contentLength(size),
                    RequestBody.fromContentProvider(body, size, type));
        } catch (SdkException e) {
            throw failed("put", key, e);
        }
    }

    /** Parts one after the other; on any failure the upload is aborted so that S3 does not keep (and bill) them. */
    private void putMultipart(String key, String k, Path file, long size, String contentType) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(k).contentType(contentType)).uploadId();
        } catch (SdkException e) {
            throw failed("put", key, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            for (int number = 1; offset < size; number++) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                String eTag;
                try (FileSlice body = new FileSlice(file, from, length)) {
                    eTag = s3.uploadPart(b -> b.bucket(bucket).key(k).uploadId(uploadId).partNumber(partNumber)
                            .contentLength(length), RequestBody.fromContentProvider(body, length, contentType)).eTag();
                }
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
                offset += length;
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            if (e instanceof SdkException sdk) {
                throw failed("put", key, sdk);
            }
            throw e;
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        String k = s3Key(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(k));
            String type = head.contentType() == null ? ContentTypes.DEFAULT : head.contentType();
            return Optional.of(new BlobInfo(head.contentLength(), type));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no error body: some servers' 404 is not mapped to NoSuchKey
                return Optional.empty();
            }
            throw failed("stat", key, e);
        } catch (SdkException e) {
            throw failed("stat", key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        BlobKeys.checkRange(offset, length);
        String k = s3Key(key);
        if (length == 0) {
            // "bytes=a-(a-1)" is not a range; still, a missing key must fail as it would with any other length.
            if (stat(key).isEmpty()) {
                throw new NoSuchBlobException(key);
            }
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(k);
        if (offset > 0 || length > 0) {
            // RFC 9110 §14.1.2: last-byte-pos is inclusive; an end past the object is cut at its end by S3.
            long last = length < 0 || offset > Long.MAX_VALUE - length ? -1 : offset + length - 1;
            request.range("bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last)));
        }
        try {
            return s3.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw new NoSuchBlobException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchBlobException(key);
            }
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // offset at or past the end (the key exists: else 404)
            }
            throw failed("open", key, e);
        } catch (SdkException e) {
            throw failed("open", key, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) throws IOException {
        List<ObjectIdentifier> ids = new LinkedHashSet<>(keys).stream()
                .map(key -> ObjectIdentifier.builder().key(s3Key(key)).build())
                .toList(); // every key checked before anything is deleted
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
            DeleteObjectsResponse response;
            try {
                // Quiet: the response lists only failures. S3 deletes missing keys without complaint.
                response = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true)
                        .build()));
            } catch (SdkException e) {
                throw failed("delete", batch.getFirst().key(), e);
            }
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().getFirst();
                throw new IOException("s3 delete of " + response.errors().size() + " of " + batch.size()
                        + " keys failed in bucket '" + bucket + "', first '" + first.key() + "': " + first.code()
                        + " " + first.message());
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        BlobKeys.checkPrefix(prefix);
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(this.prefix + prefix))
                    .contents()) {
                String key = object.key().substring(this.prefix.length());
                if (isKey(key)) {
                    keys.add(key);
                }
            }
        } catch (SdkException e) {
            throw new IOException("s3 list of '" + prefix + "' in bucket '" + bucket + "' failed: " + e.getMessage(),
                    e);
        }
        keys.sort(null); // S3 lists in UTF-8 byte order already; S3-compatible servers do not all promise it
        return keys;
    }

    /**
     * Objects someone else put under the prefix with names no key can have ("a//b", "x y") are not listed: a
     * retention sweep must not trip over them or delete them.
     */
    private static boolean isKey(String key) {
        try {
            BlobKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A pre-signed GET valid for ttl, capped at {@code onair.storage.s3.presign-ttl}, when redirect is on. Signing
     * is local (no request to S3), so it cannot tell whether the key exists.
     */
    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        String k = s3Key(key);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (presigner == null) {
            return Optional.empty();
        }
        Duration valid = ttl.compareTo(maxTtl) < 0 ? ttl : maxTtl;
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(valid)
                .getObjectRequest(g -> g.bucket(bucket).key(k)));
        try {
            return Optional.of(presigned.url().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("pre-signed URL for '" + key + "' is not a URI", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        s3.close();
        if (presigner != null) {
            presigner.close();
        }
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close(); // the default chain may hold an IMDS or SSO client
            } catch (Exception e) {
                // nothing left to do at shutdown
            }
        }
    }

    private String s3Key(String key) {
        return prefix + BlobKeys.check(key);
    }

    /** No type given: the one the disk store would report, rather than S3's "binary/octet-stream". */
    private static String type(String key, String contentType) {
        return contentType == null || contentType.isBlank() ? ContentTypes.of(key) : contentType;
    }

    private IOException failed(String operation, String key, SdkException e) {
        return new IOException("s3 " + operation + " of '" + key + "' in bucket '" + bucket + "' failed: "
                + e.getMessage(), e);
    }
}
