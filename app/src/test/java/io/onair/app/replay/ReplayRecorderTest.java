package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.storage.BlobInfo;
import io.onair.app.storage.BlobStore;
import io.onair.app.storage.DiskBlobStore;
import io.onair.app.storage.S3BlobStore;
import io.onair.app.storage.StorageProperties;
import io.onair.hls.ArchivedSegment;
import io.onair.hls.HlsSegment;
import io.onair.hls.VodRendition;
import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replay recorder against real storage and real databases: each test runs on the embedded H2 (PostgreSQL mode)
 * and on the PostgreSQL server of this machine, with the disk store and with S3 (s3proxy, embedded). The origin's
 * calls are made as the live packager makes them; what the recorder stored and indexed is read back.
 */
class ReplayRecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final VideoConfig VIDEO = new VideoConfig(VideoCodec.H264, 1280, 720, new byte[] {1, 100, 0, 31},
            List.of(), List.of(), "avc1.64001f");
    private static final AudioConfig AUDIO = new AudioConfig(AudioCodec.AAC, 2, 48_000, 2, 1024, new byte[] {17, -112},
            "mp4a.40.2");

    @RegisterExtension
    final S3ProxyExtension s3Proxy = S3ProxyExtension.builder().withCredentials("rec-access", "rec-secret").build();

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    static Stream<Arguments> setups() {
        return Stream.of(Arguments.of("h2", "disk"), Arguments.of("h2", "s3"), Arguments.of("postgresql", "disk"),
                Arguments.of("postgresql", "s3"));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    // ---- fixtures ----

    private JdbcClient database(String kind) throws Exception {
        DriverManagerDataSource ds;
        if (kind.equals("h2")) {
            Path dir = Files.createTempDirectory("onair-rec-h2-");
            String url = "jdbc:h2:file:" + dir + "/onair;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            ds = new DriverManagerDataSource(url, "onair", "");
            cleanup.add(() -> {
                try (Connection c = DriverManager.getConnection(url, "onair", ""); Statement s = c.createStatement()) {
                    s.execute("shutdown");
                }
            });
        } else {
            String schema = "onair_rec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            String server = "jdbc:postgresql://127.0.0.1:5432/test";
            exec(server, "create schema " + schema);
            ds = new DriverManagerDataSource(server + "?currentSchema=" + schema, "postgres", "");
            cleanup.add(() -> exec(server, "drop schema " + schema + " cascade"));
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return JdbcClient.create(ds);
    }

    private static void exec(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private BlobStore store(String kind) throws IOException {
        if (kind.equals("disk")) {
            return new DiskBlobStore(Files.createTempDirectory("onair-rec-store-"));
        }
        try (S3Client raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3Proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3Proxy.getAccessKey(), s3Proxy.getSecretKey())))
                .build()) {
            raw.createBucket(b -> b.bucket("replays"));
        }
        S3BlobStore s3 = new S3BlobStore(new StorageProperties.S3(s3Proxy.getUri().toString(), "us-east-1",
                "replays", s3Proxy.getAccessKey(), s3Proxy.getSecretKey(), true, "", false, Duration.ofMinutes(10)));
        cleanup.add(s3::close);
        return s3;
    }

    private static ReplayProperties settings(String queue) {
        return new ReplayProperties(true, List.of(), Duration.ofHours(2), Duration.ZERO, 0,
                org.springframework.util.unit.DataSize.ofBytes(0), org.springframework.util.unit.DataSize.parse(queue),
                3, org.springframework.util.unit.DataSize.ofGigabytes(1), 1);
    }

    private ReplayRecorder recorder(JdbcClient db, BlobStore store, ReplayProperties settings, List<Long> ended) {
        ReplayRecorder r = new ReplayRecorder(new ReplayRepository(db), store, settings, () -> T0,
                channel -> "Title of " + channel, ended::add, d -> { });
        cleanup.add(r);
        return r;
    }

    /** Segment {@code i} (2 s) of a rendition, with recognisable bytes. */
    private static ArchivedSegment segment(String rendition, long i, int size) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) (i + rendition.length()));
        HlsSegment s = new HlsSegment(1000 + i, data, 2.0, false, T0.plusSeconds(2 * i), "e" + i,
                OptionalLong.of(1000), 180_000 * i, 180_000, false);
        return rendition.equals("audio")
                ? new ArchivedSegment(s, "m4s", Optional.empty(), Optional.of(AUDIO), 0)
                : new ArchivedSegment(s, "m4s", Optional.of(VIDEO), Optional.empty(), 60);
    }

    private static void broadcast(ReplayRecorder r, String channel, int segments, int size) {
        r.init(channel, "source", 1000, new byte[] {1, 2, 3});
        r.init(channel, "audio", 1000, new byte[] {4, 5, 6});
        for (int i = 0; i < segments; i++) {
            r.segment(channel, "source", segment("source", i, size));
            r.segment(channel, "audio", segment("audio", i, size / 10));
        }
    }

    // ---- tests ----

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("setups")
    void aBroadcastIsStoredAndIndexedAndEndsAsAReplay(String database, String storage) throws Exception {
        JdbcClient db = database(database);
        BlobStore store = store(storage);
        List<Long> ended = new ArrayList<>();
        ReplayRecorder recorder = recorder(db, store, settings("16MB"), ended);
        broadcast(recorder, "alice", 5, 20_000);
        recorder.awaitIdle(Duration.ofSeconds(20));
        long id = recorder.recording("alice").orElseThrow().id();
        assertThat(recorder.live(id)).isPresent();
        recorder.ended("alice", T0.plusSeconds(11));
        recorder.awaitIdle(Duration.ofSeconds(20));

        ReplayRepository replays = new ReplayRepository(db);
        Broadcast b = replays.find(id).orElseThrow();
        assertThat(b.title()).isEqualTo("Title of alice");
        assertThat(b.ended()).contains(T0.plusSeconds(11));
        assertThat(b.firstPdt()).contains(T0);
        assertThat(b.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.bytes()).isEqualTo(5 * 20_000 + 5 * 2_000);
        assertThat(b.incomplete()).isFalse();
        assertThat(ended).containsExactly(id);
        assertThat(recorder.recording("alice")).isEmpty();

        List<VodRendition> renditions = replays.renditions(id);
        assertThat(renditions).extracting(VodRendition::name).containsExactly("source", "audio");
        assertThat(renditions.getFirst().track().codecs()).isEqualTo("avc1.64001f");
        assertThat(renditions.getFirst().track().height()).isEqualTo(720);
        assertThat(renditions.getFirst().track().frameRate()).hasValue(30.0);
        assertThat(renditions.get(1).track().sampleRate()).isEqualTo(48_000);
        assertThat(renditions.getFirst().segments()).extracting(s -> s.sequence())
                .containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
        assertThat(store.read(ReplayKeys.segment(id, "source", 1003, "m4s")))
                .isEqualTo(segment("source", 3, 20_000).segment().data());
        assertThat(store.read(ReplayKeys.init(id, "audio", 1000))).containsExactly(4, 5, 6);

        // the next segment after the end is a new broadcast
        broadcast(recorder, "alice", 1, 1000);
        recorder.awaitIdle(Duration.ofSeconds(20));
        assertThat(recorder.recording("alice").orElseThrow().id()).isNotEqualTo(id);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("setups")
    void storeFailuresAreRetriedAndASegmentThatNeverStoresLeavesAHoleNotABrokenStream(String database,
            String storage) throws Exception {
        JdbcClient db = database(database);
        FlakyStore store = new FlakyStore(store(storage));
        store.failuresPerKey = 2; // below the 3 attempts: every object stores on its third try
        ReplayRecorder recorder = recorder(db, store, settings("16MB"), new ArrayList<>());
        broadcast(recorder, "bob", 3, 1000);
        recorder.awaitIdle(Duration.ofSeconds(20));
        long id = recorder.recording("bob").orElseThrow().id();
        ReplayRepository replays = new ReplayRepository(db);
        assertThat(replays.renditions(id).getFirst().segments()).hasSize(3);
        assertThat(replays.find(id).orElseThrow().incomplete()).isFalse();
        assertThat(recorder.failed()).isZero();

        store.failuresPerKey = 0;
        store.broken = "/1003."; // this segment never stores: the store is down for every attempt
        recorder.segment("bob", "source", segment("source", 3, 1000));
        recorder.segment("bob", "source", segment("source", 4, 1000));
        recorder.awaitIdle(Duration.ofSeconds(20));
        assertThat(recorder.failed()).isEqualTo(1);
        assertThat(replays.find(id).orElseThrow().incomplete()).isTrue();
        assertThat(replays.renditions(id).getFirst().segments()).extracting(s -> s.sequence())
                .containsExactly(1000L, 1001L, 1002L, 1004L); // 1003 is a hole; nothing points at missing bytes
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("setups")
    void whenStorageFallsBehindTheOriginNeverWaitsAndTheReplayIsMarkedIncomplete(String database, String storage)
            throws Exception {
        JdbcClient db = database(database);
        FlakyStore store = new FlakyStore(store(storage));
        store.gate = new CountDownLatch(1); // storage hangs
        ReplayRecorder recorder = recorder(db, store, settings("8MB"), new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            recorder.segment("carol", "source", segment("source", i, 1 << 20)); // 12 x 1 MB into 8 MB
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(recorder.dropped()).isBetween(3L, 5L);
        store.gate.countDown();
        recorder.awaitIdle(Duration.ofSeconds(30));
        long id = recorder.recording("carol").orElseThrow().id();
        ReplayRepository replays = new ReplayRepository(db);
        assertThat(replays.find(id).orElseThrow().incomplete()).isTrue();
        assertThat(replays.renditions(id).getFirst().segments()).hasSize((int) (12 - recorder.dropped()));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("setups")
    void aRecordingLeftOpenByAStoppedServerEndsAtTheNextStartAndDeletionKeepsWhatAClipCovers(String database,
            String storage) throws Exception {
        JdbcClient db = database(database);
        BlobStore store = store(storage);
        ReplayRecorder first = recorder(db, store, settings("16MB"), new ArrayList<>());
        broadcast(first, "dave", 4, 1000);
        first.awaitIdle(Duration.ofSeconds(20));
        long id = first.recording("dave").orElseThrow().id();
        first.close(); // the server stops without an end

        ReplayRepository replays = new ReplayRepository(db);
        assertThat(replays.find(id).orElseThrow().ended()).isEmpty();
        recorder(db, store, settings("16MB"), new ArrayList<>()); // the next start
        assertThat(replays.find(id).orElseThrow().ended()).contains(T0);

        db.sql("insert into account (id, username, email, password_hash, created_at) values (77, 'clipper',"
                + " 'c@example.org', 'x', ?)").param(io.onair.app.channel.Db.timestamp(T0)).update();
        new ClipRepository(db).insert(new Clip("clipABC", id, "dave", "moment", 77, "clipper", T0, 1001, 1002,
                Duration.ofSeconds(2), Duration.ofSeconds(4)));
        List<String> unclipped = replays.unclippedKeys(id);
        store.delete(unclipped);
        replays.delete(id, T0.plusSeconds(60));
        assertThat(replays.find(id).orElseThrow().deleted()).isTrue();
        assertThat(replays.renditions(id).getFirst().segments()).extracting(s -> s.sequence())
                .containsExactly(1001L, 1002L);
        assertThat(store.list(ReplayKeys.prefix(id) + "source/")).containsExactlyInAnyOrder(
                ReplayKeys.segment(id, "source", 1001, "m4s"), ReplayKeys.segment(id, "source", 1002, "m4s"),
                ReplayKeys.init(id, "source", 1000));
        assertThat(replays.list("dave", true, 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("setups")
    void retentionDeletesReplaysPastTheirAgeThenTheOldestBeyondAChannelsSize(String database, String storage)
            throws Exception {
        JdbcClient db = database(database);
        BlobStore store = store(storage);
        ReplayRepository replays = new ReplayRepository(db);
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(T0);
        ReplayRecorder recorder = new ReplayRecorder(replays, store, settings("16MB"), now::get, c -> "", id -> { },
                d -> { });
        cleanup.add(recorder);
        List<Long> erin = new ArrayList<>();
        for (int day = 0; day < 4; day++) { // one 4-segment broadcast of 40 KB a day
            now.set(T0.plus(Duration.ofDays(day)));
            broadcast(recorder, "erin", 4, 9_000);
            recorder.awaitIdle(Duration.ofSeconds(20));
            erin.add(recorder.recording("erin").orElseThrow().id());
            recorder.ended("erin", now.get().plusSeconds(10));
            recorder.awaitIdle(Duration.ofSeconds(20));
        }
        now.set(T0.plus(Duration.ofDays(4)));
        ReplayService byAge = new ReplayService(replays, recorder, store,
                new io.onair.app.channel.ChannelCatalog(List.of()), new ReplayProperties(true, List.of(),
                Duration.ofHours(2), Duration.ZERO, 3, org.springframework.util.unit.DataSize.ofBytes(0),
                org.springframework.util.unit.DataSize.parse("16MB"), 3,
                org.springframework.util.unit.DataSize.ofGigabytes(1), 1), now::get);
        assertThat(byAge.sweepRetention()).isEqualTo(1); // day 0 is more than 3 days old
        assertThat(replays.list("erin", true, 10)).extracting(Broadcast::id)
                .containsExactly(erin.get(3), erin.get(2), erin.get(1));
        assertThat(store.list(ReplayKeys.prefix(erin.getFirst()))).isEmpty();

        ReplayService bySize = new ReplayService(replays, recorder, store,
                new io.onair.app.channel.ChannelCatalog(List.of()), new ReplayProperties(true, List.of(),
                Duration.ofHours(2), Duration.ZERO, 0, org.springframework.util.unit.DataSize.ofBytes(100_000),
                org.springframework.util.unit.DataSize.parse("16MB"), 3,
                org.springframework.util.unit.DataSize.ofGigabytes(1), 1), now::get);
        assertThat(bySize.usage("erin").bytes()).isEqualTo(3 * 4 * 9_900);
        assertThat(bySize.sweepRetention()).isEqualTo(1); // 118,800 bytes > 100,000: the oldest goes
        assertThat(bySize.usage("erin")).isEqualTo(new ReplayService.Usage(2 * 4 * 9_900, 2));
        assertThat(bySize.sweepRetention()).isZero();
    }

    /** A 24/7 channel: past onair.replays.max-duration the broadcast continues as a new replay, aligned. */
    @org.junit.jupiter.api.Test
    void aBroadcastLongerThanTheMaximumContinuesAsANewReplayAtTheSameSegmentInEveryRendition() throws Exception {
        JdbcClient db = database("h2");
        BlobStore store = store("disk");
        List<Long> ended = new ArrayList<>();
        ReplayProperties fifteenMinutes = new ReplayProperties(true, List.of(), Duration.ofHours(2),
                Duration.ofMinutes(15), 0, org.springframework.util.unit.DataSize.ofBytes(0),
                org.springframework.util.unit.DataSize.parse("16MB"), 3,
                org.springframework.util.unit.DataSize.ofGigabytes(1), 1);
        ReplayRecorder recorder = recorder(db, store, fifteenMinutes, ended);
        recorder.init("eve", "source", 1000, new byte[] {1});
        recorder.init("eve", "360p", 1000, new byte[] {2});
        // 5-minute segments; the 360p rung runs one segment behind the source, as a transcoder does
        recorder.segment("eve", "source", longSegment(0));
        recorder.segment("eve", "source", longSegment(1));
        recorder.segment("eve", "360p", longSegment(0));
        recorder.segment("eve", "source", longSegment(2));
        recorder.segment("eve", "360p", longSegment(1));
        recorder.segment("eve", "source", longSegment(3)); // 15 minutes recorded: a new replay from 1003
        recorder.segment("eve", "360p", longSegment(2)); // late: still the first replay's
        recorder.segment("eve", "source", longSegment(4));
        recorder.segment("eve", "360p", longSegment(3));
        recorder.segment("eve", "source", longSegment(5)); // every rendition is past the split: the first ends
        recorder.awaitIdle(Duration.ofSeconds(20));

        ReplayRepository replays = new ReplayRepository(db);
        List<Broadcast> both = replays.list("eve", true, 10);
        assertThat(both).hasSize(2);
        Broadcast first = both.get(1);
        Broadcast second = both.get(0);
        assertThat(ended).containsExactly(first.id());
        assertThat(replays.find(first.id()).orElseThrow().ended()).isPresent();
        assertThat(replays.find(second.id()).orElseThrow().ended()).isEmpty();
        assertThat(replays.renditions(first.id())).hasSize(2).allSatisfy(r -> assertThat(r.segments())
                .extracting(x -> x.sequence()).containsExactly(1000L, 1001L, 1002L));
        assertThat(replays.renditions(second.id())).filteredOn(r -> r.name().equals("source")).singleElement()
                .satisfies(r -> assertThat(r.segments()).extracting(x -> x.sequence())
                        .containsExactly(1003L, 1004L, 1005L));
        assertThat(replays.renditions(second.id())).filteredOn(r -> r.name().equals("360p")).singleElement()
                .satisfies(r -> assertThat(r.segments()).extracting(x -> x.sequence()).containsExactly(1003L));
        // the second part starts with the init segments in use, under its own id
        assertThat(store.read(ReplayKeys.init(second.id(), "source", 1000))).containsExactly(1);
        assertThat(store.read(ReplayKeys.init(second.id(), "360p", 1000))).containsExactly(2);
        assertThat(replays.find(first.id()).orElseThrow().duration()).isEqualTo(Duration.ofMinutes(15));
    }

    private static ArchivedSegment longSegment(long i) {
        HlsSegment s = new HlsSegment(1000 + i, new byte[] {(byte) i}, 300.0, false, T0.plusSeconds(300 * i), "e" + i,
                OptionalLong.of(1000), 27_000_000L * i, 27_000_000L, false);
        return new ArchivedSegment(s, "m4s", Optional.of(VIDEO), Optional.empty(), 9000);
    }

    /** A store that fails the first puts of each key, or hangs until a gate opens. */
    private static final class FlakyStore implements BlobStore {
        private final BlobStore target;
        private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        volatile int failuresPerKey;
        volatile String broken = "\u0000";
        volatile CountDownLatch gate = new CountDownLatch(0);

        FlakyStore(BlobStore target) {
            this.target = target;
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= failuresPerKey
                    || key.contains(broken)) {
                throw new IOException("simulated outage storing " + key);
            }
            target.put(key, bytes, contentType);
        }

        @Override
        public void putFile(String key, Path file, String contentType) throws IOException {
            target.putFile(key, file, contentType);
        }

        @Override
        public Optional<BlobInfo> stat(String key) throws IOException {
            return target.stat(key);
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            return target.open(key, offset, length);
        }

        @Override
        public void delete(Collection<String> keys) throws IOException {
            target.delete(keys);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return target.list(prefix);
        }

        @Override
        public Optional<URI> directUrl(String key, Duration ttl) {
            return target.directUrl(key, ttl);
        }

        @Override
        public String describe() {
            return "flaky " + target.describe();
        }
    }
}
