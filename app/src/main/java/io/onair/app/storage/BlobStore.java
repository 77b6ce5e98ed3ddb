package io.onair.app.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where replays live (issue 7): the port the replay recorder, clips, thumbnails, MP4 downloads and uploads write
 * through and read from. Bound once at start by {@link StorageWiring} to the local disk ({@link DiskBlobStore}, the
 * default) or to an S3 bucket ({@link S3BlobStore}).
 *
 * <p>Keys are relative paths such as {@code replays/42/source/1763690000.m4s}: segments of {@code [A-Za-z0-9._-]}
 * separated by {@code /}, no empty, {@code .} or {@code ..} segment, at most 512 characters.
 * The same key must mean the same object on disk and on S3, so anything a file system or an S3 server would
 * interpret (a leading slash, {@code ..}, a backslash) is refused with an {@link IllegalArgumentException} naming the
 * key. On disk a key cannot also be the "directory" of another key ({@code a} and {@code a/b}); callers build keys
 * from fixed layouts, so this never comes up.
 *
 * <p>Implementations are safe for concurrent use. Errors of the medium (disk full, S3 unreachable or refusing) are
 * {@link IOException}s; a missing object on {@link #open} is a {@link NoSuchBlobException}.
 */
public interface BlobStore {
    /** Stores bytes under key, replacing nothing visible half-written: a reader sees all of it or nothing. */
    void put(String key, byte[] bytes, String contentType) throws IOException;

    /** Same, from a file (large objects: MP4 downloads, uploaded sources); the file is not moved or deleted. */
    void putFile(String key, Path file, String contentType) throws IOException;

    /** Size and content type, or empty when the key does not exist. */
    Optional<BlobInfo> stat(String key) throws IOException;

    /**
     * Opens [offset, offset+length) of the object (length -1: to the end); the caller closes the stream.
     * NoSuchBlobException (unchecked, in this package) when missing. A range past the end of the object is cut at
     * the end (an offset at or past it gives an empty stream), as S3 does with a {@code Range} header.
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** The whole object in memory (small objects only: segments, playlists, thumbnails). */
    default byte[] read(String key) throws IOException {
        try (var in = open(key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    /** Deletes the keys that exist; missing ones are ignored. */
    void delete(Collection<String> keys) throws IOException;

    /** Keys under a prefix (for retention sweeps and tests), in lexical order. */
    List<String> list(String prefix) throws IOException;

    /**
     * A URL a client can fetch the object from directly for ttl (S3 pre-signed GET) when so configured, else
     * empty: the server then streams the bytes itself.
     */
    Optional<URI> directUrl(String key, Duration ttl);

    /** For logs and the start-up banner, e.g. "disk /srv/onair/data/storage" or "s3 bucket 'vods' at http://…". No secrets. */
    String describe();
}
