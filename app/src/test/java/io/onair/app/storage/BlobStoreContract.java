package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} promises, run against each implementation on a real medium (a temporary directory,
 * an S3 server embedded in the test). Subclasses supply a fresh, empty store per test.
 */
abstract class BlobStoreContract {
    /** fMP4 segment bytes stand-in: not text, so an encoding bug would show. */
    static final byte[] SEGMENT = bytes(1000, 7);

    @TempDir
    Path scratch;

    /** A fresh, empty store for this test. */
    abstract BlobStore store();

    @Test
    void putThenStatAndReadGiveTheSameBytesAndContentType() throws Exception {
        BlobStore store = store();
        store.put("replays/42/source/1763690000.m4s", SEGMENT, "video/iso.segment");

        assertThat(store.stat("replays/42/source/1763690000.m4s"))
                .contains(new BlobInfo(SEGMENT.length, "video/iso.segment"));
        assertThat(store.read("replays/42/source/1763690000.m4s")).isEqualTo(SEGMENT);
    }

    @Test
    void contentTypesOfTheReplayLayout() throws Exception {
        BlobStore store = store();
        String[][] cases = {
                {"replays/1/index.m3u8", "application/vnd.apple.mpegurl"},
                {"replays/1/manifest.mpd", "application/dash+xml"},
                {"replays/1/source/init.mp4", "video/mp4"},
                {"replays/1/source/1.ts", "video/mp2t"},
                {"replays/1/thumb.jpg", "image/jpeg"},
                {"replays/1/chat.vtt", "text/vtt"},
                {"replays/1/info.json", "application/json"},
                {"replays/1/blob.bin", "application/octet-stream"},
        };
        for (String[] c : cases) {
            store.put(c[0], "x".getBytes(StandardCharsets.US_ASCII), c[1]);
        }
        for (String[] c : cases) {
            assertThat(store.stat(c[0])).as(c[0]).map(BlobInfo::contentType).contains(c[1]);
        }
    }

    @Test
    void emptyObject() throws Exception {
        BlobStore store = store();
        store.put("replays/1/empty.json", new byte[0], "application/json");

        assertThat(store.stat("replays/1/empty.json")).contains(new BlobInfo(0, "application/json"));
        assertThat(store.read("replays/1/empty.json")).isEmpty();
        try (InputStream in = store.open("replays/1/empty.json", 0, 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void rangeReads() throws Exception {
        BlobStore store = store();
        store.put("replays/7/download.mp4", SEGMENT, "video/mp4");

        try (InputStream in = store.open("replays/7/download.mp4", 100, 50)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(SEGMENT, 100, 150));
        }
        try (InputStream in = store.open("replays/7/download.mp4", 900, -1)) {
            assertThat(in.readAllBytes()).as("-1: to the end").isEqualTo(Arrays.copyOfRange(SEGMENT, 900, 1000));
        }
        try (InputStream in = store.open("replays/7/download.mp4", 990, 100)) {
            assertThat(in.readAllBytes()).as("cut at the end").isEqualTo(Arrays.copyOfRange(SEGMENT, 990, 1000));
        }
        try (InputStream in = store.open("replays/7/download.mp4", 0, 1)) {
            assertThat(in.readAllBytes()).isEqualTo(new byte[] {SEGMENT[0]});
        }
        try (InputStream in = store.open("replays/7/download.mp4", 5, 0)) {
            assertThat(in.readAllBytes()).as("length 0").isEmpty();
        }
        try (InputStream in = store.open("replays/7/download.mp4", 1000, -1)) {
            assertThat(in.readAllBytes()).as("offset at the end").isEmpty();
        }
        try (InputStream in = store.open("replays/7/download.mp4", 5000, 10)) {
            assertThat(in.readAllBytes()).as("offset past the end").isEmpty();
        }
        assertThatThrownBy(() -> store.open("replays/7/download.mp4", -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open("replays/7/download.mp4", 0, -2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putOverwrites() throws Exception {
        BlobStore store = store();
        store.put("replays/1/index.m3u8", "#EXTM3U\n#one\n".getBytes(StandardCharsets.UTF_8),
                "application/vnd.apple.mpegurl");
        byte[] second = "#EXTM3U\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8);
        store.put("replays/1/index.m3u8", second, "application/vnd.apple.mpegurl");

        assertThat(store.read("replays/1/index.m3u8")).isEqualTo(second);
        assertThat(store.stat("replays/1/index.m3u8")).map(BlobInfo::size).contains((long) second.length);
        assertThat(store.list("replays/1/")).containsExactly("replays/1/index.m3u8");
    }

    @Test
    void putFileCopiesAndLeavesTheFile() throws Exception {
        BlobStore store = store();
        Path file = scratch.resolve("upload.mp4");
        byte[] content = bytes(300_000, 3);
        Files.write(file, content);

        store.putFile("uploads/9/source.mp4", file, "video/mp4");

        assertThat(file).exists().hasBinaryContent(content);
        assertThat(store.stat("uploads/9/source.mp4")).contains(new BlobInfo(content.length, "video/mp4"));
        assertThat(store.read("uploads/9/source.mp4")).isEqualTo(content);
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(store.read("uploads/9/source.mp4")).as("a copy, not a link").isEqualTo(content);
    }

    @Test
    void deleteRemovesExistingKeysAndIgnoresMissingOnes() throws Exception {
        BlobStore store = store();
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");
        store.put("replays/1/b.m4s", SEGMENT, "video/iso.segment");
        store.put("replays/2/a.m4s", SEGMENT, "video/iso.segment");

        store.delete(List.of("replays/1/a.m4s", "replays/1/missing.m4s", "replays/1/b.m4s", "replays/1/b.m4s"));

        assertThat(store.stat("replays/1/a.m4s")).isEmpty();
        assertThat(store.stat("replays/1/b.m4s")).isEmpty();
        assertThat(store.list("")).containsExactly("replays/2/a.m4s");
        store.delete(List.of());
        store.delete(List.of("never/was.m4s"));
        assertThat(store.list("")).containsExactly("replays/2/a.m4s");
        // The key can be stored again after its directory went away with it.
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");
        assertThat(store.read("replays/1/a.m4s")).isEqualTo(SEGMENT);
    }

    @Test
    void deleteChecksEveryKeyBeforeDeletingAny() throws Exception {
        BlobStore store = store();
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");

        assertThatThrownBy(() -> store.delete(List.of("replays/1/a.m4s", "../etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../etc/passwd");
        assertThat(store.stat("replays/1/a.m4s")).isPresent();
    }

    @Test
    void deleteMoreThanOneBatch() throws Exception {
        BlobStore store = store();
        List<String> keys = IntStream.range(0, 1005).mapToObj(i -> "replays/3/%05d.m4s".formatted(i)).toList();
        for (String key : keys) {
            store.put(key, new byte[] {1}, "video/iso.segment");
        }
        store.put("replays/4/keep.m4s", new byte[] {1}, "video/iso.segment");

        assertThat(store.list("replays/3/")).hasSize(1005);
        store.delete(keys);

        assertThat(store.list("")).containsExactly("replays/4/keep.m4s");
    }

    @Test
    void listUnderAPrefixInLexicalOrder() throws Exception {
        BlobStore store = store();
        for (String key : List.of("replays/42/source/1763690004.m4s", "replays/42/source/1763690000.m4s",
                "replays/42/720p/1763690000.m4s", "replays/42/index.m3u8", "replays/420/index.m3u8",
                "replays/41/index.m3u8", "clips/1/clip.mp4")) {
            store.put(key, SEGMENT, "application/octet-stream");
        }

        assertThat(store.list("replays/42/")).containsExactly(
                "replays/42/720p/1763690000.m4s",
                "replays/42/index.m3u8",
                "replays/42/source/1763690000.m4s",
                "replays/42/source/1763690004.m4s");
        assertThat(store.list("replays/42")).as("a prefix, not a directory").containsExactly(
                "replays/42/720p/1763690000.m4s",
                "replays/42/index.m3u8",
                "replays/42/source/1763690000.m4s",
                "replays/42/source/1763690004.m4s",
                "replays/420/index.m3u8");
        assertThat(store.list("replays/42/source/17636900")).containsExactly(
                "replays/42/source/1763690000.m4s", "replays/42/source/1763690004.m4s");
        assertThat(store.list("")).hasSize(7).startsWith("clips/1/clip.mp4").isSorted();
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("replays/42/index.m3u8")).containsExactly("replays/42/index.m3u8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.m4s", "replays/../../etc/passwd", "/abs/key.m4s", "replays\\1\\a.m4s",
            "replays//1.m4s", "replays/1/", "replays/./1.m4s", "a..b", "replays/1 2.m4s", "replays/ä.m4s",
            "replays/1.m4s?x=1", ""})
    void invalidKeysAreRejectedNamingTheKey(String key) {
        BlobStore store = store();
        for (var call : List.<ThrowingCall>of(
                () -> store.put(key, SEGMENT, "video/iso.segment"),
                () -> store.putFile(key, Files.writeString(scratch.resolve("f"), "x"), "video/iso.segment"),
                () -> store.stat(key),
                () -> store.open(key, 0, -1),
                () -> store.read(key),
                () -> store.delete(List.of(key)),
                () -> store.directUrl(key, Duration.ofMinutes(1)))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'");
        }
    }

    @Test
    void tooLongKeyIsRejected() throws Exception {
        BlobStore store = store();
        String ok = "replays/" + "a".repeat(BlobKeys.MAX_LENGTH - "replays/".length());
        store.put(ok.substring(0, 200), SEGMENT, "video/iso.segment");
        assertThatThrownBy(() -> store.put(ok + "b", SEGMENT, "video/iso.segment"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replays/aaaa")
                .hasMessageContaining("at most 512");
    }

    @Test
    void invalidPrefixIsRejected() {
        BlobStore store = store();
        assertThatThrownBy(() -> store.list("../"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../'");
        assertThatThrownBy(() -> store.list("/replays"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/replays'");
    }

    @Test
    void missingKey() throws Exception {
        BlobStore store = store();
        store.put("replays/1/a.m4s", SEGMENT, "video/iso.segment");

        assertThat(store.stat("replays/1/missing.m4s")).isEmpty();
        assertThat(store.stat("replays/1")).as("a 'directory' is not an object").isEmpty();
        for (var call : List.<ThrowingCall>of(
                () -> store.open("replays/1/missing.m4s", 0, -1),
                () -> store.open("replays/1/missing.m4s", 10, 5),
                () -> store.open("replays/1/missing.m4s", 0, 0),
                () -> store.read("replays/1/missing.m4s"),
                () -> store.read("replays/1"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(NoSuchBlobException.class)
                    .hasMessageContaining("replays/1");
        }
    }

    @Test
    void concurrentPutsFromFourThreadsAreAllReadable() throws Exception {
        BlobStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> puts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                puts.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        int n = thread * 5 + i;
                        // Each thread in its own directory and all in a shared one: directories are created
                        // concurrently too.
                        store.put("replays/%d/source/%02d.m4s".formatted(thread, n), bytes(20_000, n),
                                "video/iso.segment");
                        store.put("replays/shared/%02d.m4s".formatted(n), bytes(20_000, n), "video/iso.segment");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> put : puts) {
                put.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> shared = store.list("replays/shared/");
        assertThat(shared).hasSize(20);
        for (int n = 0; n < 20; n++) {
            assertThat(store.read("replays/shared/%02d.m4s".formatted(n))).isEqualTo(bytes(20_000, n));
            assertThat(store.read("replays/%d/source/%02d.m4s".formatted(n / 5, n))).isEqualTo(bytes(20_000, n));
        }
        assertThat(store.list("")).hasSize(40);
    }

    /** "A reader sees all of it or nothing": overwrites under a reader that keeps reading the key. */
    @Test
    void readersNeverSeeAHalfWrittenObject() throws Exception {
        BlobStore store = store();
        byte[] a = filled(256 * 1024, (byte) 'a');
        byte[] b = filled(300 * 1024, (byte) 'b');
        store.put("replays/1/index.m3u8", a, "application/vnd.apple.mpegurl");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get() || reads < 10) {
                    byte[] seen = store.read("replays/1/index.m3u8");
                    assertThat(Arrays.equals(seen, a) || Arrays.equals(seen, b))
                            .as("read %d: %d bytes, a whole object", reads, seen.length).isTrue();
                    reads++;
                }
                return reads;
            });
            for (int i = 0; i < 40; i++) {
                store.put("replays/1/index.m3u8", i % 2 == 0 ? b : a, "application/vnd.apple.mpegurl");
            }
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 17 + (i >> 8));
        }
        return bytes;
    }

    static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
