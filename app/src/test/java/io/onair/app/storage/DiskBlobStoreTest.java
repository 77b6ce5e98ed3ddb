package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a temporary directory, and what only files show: crash leftovers and directory clean-up. */
class DiskBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    private DiskBlobStore store;

    @Override
    BlobStore store() {
        if (store == null) {
            try {
                store = new DiskBlobStore(root.resolve("storage"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }

    /** A crash between writing the temporary file and the rename leaves the temporary file: never the key. */
    @Test
    void anInterruptedPutIsNeverVisibleAsTheKey() throws Exception {
        DiskBlobStore store = (DiskBlobStore) store();
        store.put("replays/1/source/0001.m4s", SEGMENT, "video/iso.segment");
        Path dir = store.root().resolve("replays/1/source");
        // What a put of 0002.m4s killed before its rename leaves behind (the name a put uses).
        Path leftover = dir.resolve(DiskBlobStore.TEMP_PREFIX + "0123456789abcdef.tmp");
        Files.write(leftover, new byte[100]);

        assertThat(store.stat("replays/1/source/0002.m4s")).isEmpty();
        assertThat(store.list("")).containsExactly("replays/1/source/0001.m4s");
        assertThat(store.list("replays/1/source/")).containsExactly("replays/1/source/0001.m4s");

        // The leftover keeps its directory alive when the keys there are deleted, and is not a key to delete.
        store.delete(List.of("replays/1/source/0001.m4s"));
        assertThat(store.list("")).isEmpty();
        assertThat(leftover).exists();
    }

    @Test
    void aPutLeavesNoTemporaryFile() throws Exception {
        DiskBlobStore store = (DiskBlobStore) store();
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");
        Path file = root.resolve("upload.mp4");
        Files.write(file, SEGMENT);
        store.putFile("replays/1/b.mp4", file, "video/mp4");

        try (var files = Files.list(store.root().resolve("replays/1"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("a.m4s", "b.mp4");
        }
    }

    @Test
    void keysAreFilesUnderTheRoot() throws Exception {
        DiskBlobStore store = (DiskBlobStore) store();
        store.put("replays/42/source/1763690000.m4s", SEGMENT, "video/iso.segment");

        assertThat(store.root().resolve("replays/42/source/1763690000.m4s")).hasBinaryContent(SEGMENT);
        assertThat(store.describe()).isEqualTo("disk " + root.resolve("storage").toAbsolutePath());
    }

    @Test
    void deleteRemovesEmptyDirectoriesUpToTheRoot() throws Exception {
        DiskBlobStore store = (DiskBlobStore) store();
        store.put("replays/42/source/1.m4s", SEGMENT, "video/iso.segment");
        store.put("replays/42/720p/1.m4s", SEGMENT, "video/iso.segment");

        store.delete(List.of("replays/42/source/1.m4s"));
        assertThat(store.root().resolve("replays/42/source")).doesNotExist();
        assertThat(store.root().resolve("replays/42/720p")).isDirectory();

        store.delete(List.of("replays/42/720p/1.m4s"));
        assertThat(store.root().resolve("replays")).doesNotExist();
        assertThat(store.root()).isDirectory().isEmptyDirectory();
    }

    @Test
    void theContentTypeComesFromTheExtension() throws Exception {
        BlobStore store = store();
        store.put("replays/1/thumb.jpg", SEGMENT, "image/png");
        assertThat(store.stat("replays/1/thumb.jpg")).map(BlobInfo::contentType).contains("image/jpeg");
    }

    @Test
    void noDirectUrl() throws Exception {
        BlobStore store = store();
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");
        assertThat(store.directUrl("replays/1/a.m4s", Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void theRootIsCreated() throws Exception {
        Path deep = root.resolve("a/b/c");
        new DiskBlobStore(deep);
        assertThat(deep).isDirectory();
    }
}
