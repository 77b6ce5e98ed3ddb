package io.onair.app.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Objects as files under a root directory, the key being the relative path: the default, nothing to set up, and
 * the files are plain MP4/fMP4/HLS that a web server or {@code rsync} can use as they are.
 *
 * <p>Atomic replacement: bytes go to a temporary file in the key's own directory (same file system, so the rename
 * cannot turn into a copy), are flushed to disk, then renamed over the key with {@code rename(2)}. A reader opens
 * either the old file or the new one, complete; a crash mid-write leaves only a temporary file, which is never listed
 * or opened as a key: its name starts with {@value #TEMP_PREFIX}, a character no key may contain.
 *
 * <p>The content type comes from the key's extension ({@link ContentTypes}); the one passed to {@code put} is not
 * stored. Empty directories are removed on delete, so a retention sweep leaves no tree of empty folders behind.
 */
public final class DiskBlobStore implements BlobStore {
    /** Temporary files of puts in progress (or interrupted by a crash). '~' is outside the key alphabet. */
    static final String TEMP_PREFIX = "~put-";

    /** Puts racing a delete that removes the key's (empty) directory: recreate it and retry, a few times. */
    private static final int DIRECTORY_RACE_RETRIES = 5;

    private final Path root;

    /** Creates the root directory when missing (start-up fails here when it cannot be created). */
    public DiskBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) throws IOException {
        Path target = path(key);
        Path temp = createTemp(target);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                // Data on disk before the rename: otherwise a power cut after it may leave the key empty (ext4
                // without auto_da_alloc, XFS).
                out.force(false);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp); // only still there when something failed
        }
    }

    @Override
    public void putFile(String key, Path file, String contentType) throws IOException {
        Path target = path(key);
        Path temp = createTemp(target);
        try {
            // A copy, not a link or a move: the caller keeps its file, and the object must not change if it does.
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    long n = out.transferFrom(in, done, size - done);
                    if (n <= 0) {
                        throw new IOException(file + " shrank while it was being stored as " + key);
                    }
                    done += n;
                }
                out.force(false);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        Path path = path(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty(); // a directory: a prefix of other keys, not an object
            }
            return Optional.of(new BlobInfo(attributes.size(), ContentTypes.of(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        BlobKeys.checkRange(offset, length);
        Path path = path(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
        try {
            if (Files.isDirectory(path)) {
                throw new NoSuchBlobException(key);
            }
            // Past the end is allowed: reads then return -1, which is the empty stream the contract asks for.
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(Collection<String> keys) throws IOException {
        List<Path> paths = keys.stream().map(this::path).toList(); // every key checked before anything is deleted
        for (Path path : paths) {
            if (Files.deleteIfExists(path)) {
                removeEmptyParents(path.getParent());
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        BlobKeys.checkPrefix(prefix);
        // Walk only the deepest directory the prefix names ("replays/42/so" → replays/42), then filter.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(start)) {
                    return FileVisitResult.CONTINUE;
                }
                String dirKey = key(dir) + "/";
                return dirKey.startsWith(prefix) || prefix.startsWith(dirKey)
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    String key = key(file);
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // Gone since its directory was read (a concurrent delete, or the prefix names no directory):
                // a listing is a snapshot of a moving tree, and a vanished key is simply not in it.
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        keys.sort(null); // String order is S3's order (UTF-8 bytes) for the ASCII key alphabet
        return keys;
    }

    /** Always empty: the server streams files itself. */
    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        BlobKeys.check(key);
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "disk " + root;
    }

    @Override
    public String toString() {
        return describe();
    }

    private Path path(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    private String key(Path file) {
        // Keys use '/', whatever the platform's separator.
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * A new empty temporary file beside target. {@code CREATE_NEW} with the default permissions (umask), not
     * {@link Files#createTempFile}, whose files are owner-only: a web server or backup job reading the tree as
     * another user must be able to read what Onair stored.
     */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                Files.createDirectories(dir);
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (NoSuchFileException e) {
                // A delete removed the (empty) directory, or one of its parents, while it was being created or
                // before the temporary file was: create it again.
                if (attempt >= DIRECTORY_RACE_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Cannot happen within one directory on a local file system; say so rather than fall back to a copy
            // that readers could see half-done.
            throw new IOException("storage directory " + target.getParent() + " does not support atomic renames", e);
        }
    }

    private void removeEmptyParents(Path dir) throws IOException {
        while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return; // other keys (or a put in progress: its temporary file) still live here
            } catch (NoSuchFileException e) {
                // removed by a concurrent delete: carry on with its parent
            }
            dir = dir.getParent();
        }
    }
}
