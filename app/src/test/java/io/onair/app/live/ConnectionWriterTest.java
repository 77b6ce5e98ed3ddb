package io.onair.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Connection}'s writer: one task per burst writing the whole burst at once, frames in broadcast order and
 * never two writers on one socket, a full queue closed with 4001, and a socket that blocks holding up nobody else.
 */
class ConnectionWriterTest {
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().start(task);
    private final LiveRooms rooms = new LiveRooms(JsonMapper.builder().build(), c -> true);
    private int ids;

    private Connection connection(FakeSink sink, int capacity, Executor writers) {
        return new Connection(sink, "c" + (++ids), "room", "v:" + ids, Optional.empty(), capacity, writers);
    }

    private static TextMessage frame(int n) {
        return new TextMessage(String.valueOf(n));
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(String::valueOf).toList();
    }

    @Test
    void aBurstIsOneWriterTaskAndOneWrite() {
        ManualExecutor writers = new ManualExecutor();
        FakeSink sink = new FakeSink();
        Connection c = connection(sink, 64, writers);
        for (int i = 0; i < 10; i++) {
            assertThat(c.offer(frame(i))).isTrue();
        }
        assertThat(writers.submitted()).as("a writer is scheduled when the queue stops being empty, not per frame")
                .isEqualTo(1);
        writers.runAll();
        assertThat(sink.writeSizes()).as("everything queued goes out in one write").containsExactly(10);
        assertThat(sink.frames()).isEqualTo(numbers(0, 10));
        assertThat(c.queued()).isZero();

        c.offer(frame(10));
        assertThat(writers.submitted()).as("the next burst schedules the next writer").isEqualTo(2);
        writers.runAll();
        assertThat(sink.writeSizes()).containsExactly(10, 1);
    }

    @Test
    void aFrameQueuedWhileTheWriterIsBusyIsWrittenByIt() {
        ManualExecutor writers = new ManualExecutor();
        FakeSink sink = new FakeSink();
        Connection c = connection(sink, 64, writers);
        // Offered during the first write, as a broadcast on another thread would: the writer holds the flag, so no
        // second task is scheduled, and the writer must come back for the frame before it ends.
        sink.duringWrite(batch -> {
            if (batch.getFirst().getPayload().equals("0")) {
                c.offer(frame(1));
            }
        });
        c.offer(frame(0));
        writers.runAll();
        assertThat(sink.frames()).isEqualTo(numbers(0, 2));
        assertThat(sink.writeSizes()).containsExactly(1, 1);
        assertThat(writers.submitted()).isEqualTo(1);
    }

    @Test
    void concurrentBroadcastsArriveOnceEachInOrderOnEveryConnection() {
        Room room = rooms.room("room");
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeSink sink = new FakeSink();
            sinks.add(sink);
            room.add(connection(sink, 10_000, VIRTUAL));
        }
        int threads = 4;
        int each = 500;
        int[] next = {0};
        List<Thread> broadcasters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            broadcasters.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    synchronized (room) { // as a chat post does: insert (here: number) and broadcast under the lock
                        room.broadcast(frame(next[0]++));
                    }
                    if (i % 50 == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        broadcasters.forEach(ConnectionWriterTest::join);
        int total = threads * each;
        Poll.until("every connection got every frame", Duration.ofSeconds(30),
                () -> sinks.stream().map(s -> String.valueOf(s.received())).toList().toString(),
                () -> sinks.stream().allMatch(s -> s.received() >= total));
        for (FakeSink sink : sinks) {
            assertThat(sink.frames()).as("each frame once, in broadcast order").isEqualTo(numbers(0, total));
            assertThat(sink.overlaps()).as("never two writers on one socket").isZero();
        }
    }

    @Test
    void aFullQueueClosesTheConnectionWith4001AndDropsWhatWasQueued() {
        FakeSink sink = new FakeSink().blockWrites();
        Connection c = connection(sink, 16, VIRTUAL);
        assertThat(c.offer(frame(0))).isTrue();
        sink.awaitBlocked(); // frame 0 is being written; the client reads nothing
        for (int i = 1; i <= 16; i++) {
            assertThat(c.offer(frame(i))).as("frame %d fits: 16 may wait besides the one being written", i).isTrue();
        }
        assertThat(c.closed()).isFalse();
        assertThat(c.offer(frame(17))).as("the 17th waiting frame overflows").isFalse();
        assertThat(c.closed()).isTrue();
        assertThat(c.offer(frame(18))).isFalse();
        sink.release();
        CloseStatus status = sink.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Connection.TOO_SLOW);
        assertThat(status.getReason()).isEqualTo("too slow: 16 messages behind");
        assertThat(sink.frames()).as("nothing after the close: it reloads the history when it reconnects")
                .containsExactly("0");
    }

    @Test
    void aBlockedSocketHoldsUpOnlyItsOwnConnection() {
        Room room = rooms.room("room");
        FakeSink stuck = new FakeSink().blockWrites();
        FakeSink reader = new FakeSink();
        room.add(connection(stuck, 256, VIRTUAL));
        room.add(connection(reader, 256, VIRTUAL));
        room.broadcast(frame(0));
        stuck.awaitBlocked();
        for (int i = 1; i < 100; i++) {
            room.broadcast(frame(i)); // returns at once: the broadcaster never waits for a socket
        }
        Poll.until("the reading viewer got all 100 frames", Duration.ofSeconds(20),
                () -> "received " + reader.received(), () -> reader.received() == 100);
        assertThat(reader.frames()).isEqualTo(numbers(0, 100));
        assertThat(stuck.received()).as("still blocked in its first write").isZero();
        assertThat(room.connections()).isEqualTo(2);
        stuck.release();
        Poll.until("the stuck viewer catches up in one write once its socket drains", Duration.ofSeconds(20),
                () -> "received " + stuck.received(), () -> stuck.received() == 100);
        assertThat(stuck.writeSizes()).containsExactly(1, 99);
    }

    @Test
    void aNormalCloseSendsWhatIsQueuedFirst() {
        ManualExecutor writers = new ManualExecutor();
        FakeSink sink = new FakeSink();
        Connection c = connection(sink, 16, writers);
        c.offer(frame(0));
        c.offer(frame(1));
        c.close(CloseStatus.NOT_ACCEPTABLE);
        assertThat(c.offer(frame(2))).isFalse();
        writers.runAll();
        assertThat(sink.frames()).isEqualTo(numbers(0, 2));
        assertThat(sink.closedWith()).isEqualTo(CloseStatus.NOT_ACCEPTABLE);
    }

    @Test
    void aFailedWriteClosesTheConnectionAndTheRoomDropsIt() {
        ManualExecutor writers = new ManualExecutor();
        FakeSink sink = new FakeSink().duringWrite(batch -> {
            throw new IllegalStateException("the peer is gone");
        });
        Room room = rooms.room("room");
        Connection c = connection(sink, 16, writers);
        room.add(c);
        room.broadcast(frame(0));
        writers.runAll();
        assertThat(c.closed()).isTrue();
        assertThat(sink.closedWith()).isEqualTo(CloseStatus.NORMAL);
        room.broadcast(frame(1));
        assertThat(room.connections()).isZero();
    }

    @Test
    void aBroadcastIsOneEntryInTheRoomsLogAndEveryIdleConnectionGetsOneWriter() {
        ManualExecutor writers = new ManualExecutor();
        Room room = rooms.room("room");
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeSink sink = new FakeSink();
            sinks.add(sink);
            room.add(connection(sink, 64, writers));
        }
        room.broadcast(frame(0));
        room.broadcast(frame(1));
        assertThat(writers.submitted()).as("one writer per idle connection, not per frame").isEqualTo(3);
        writers.runAll();
        for (FakeSink sink : sinks) {
            assertThat(sink.frames()).isEqualTo(numbers(0, 2));
            assertThat(sink.writeSizes()).as("both frames in one write").containsExactly(2);
        }
    }

    @Test
    void aPagesOwnFramesKeepTheirPlaceAmongTheRoomsFrames() {
        ManualExecutor writers = new ManualExecutor();
        Room room = rooms.room("room");
        FakeSink sink = new FakeSink();
        Connection c = connection(sink, 64, writers);
        synchronized (room) { // as a join does: the welcome is queued before the joining page is in the room
            c.offer(new TextMessage("welcome"));
            room.add(c);
        }
        room.broadcast(frame(0));
        c.offer(new TextMessage("ack of 0")); // a post answered after its broadcast: it must not overtake it
        room.broadcast(frame(1));
        writers.runAll();
        assertThat(sink.frames()).containsExactly("welcome", "0", "ack of 0", "1");
        assertThat(c.queued()).isZero();
    }

    @Test
    void aPageThatJoinsGetsOnlyTheFramesAfterItJoined() {
        ManualExecutor writers = new ManualExecutor();
        Room room = rooms.room("room");
        FakeSink early = new FakeSink();
        room.add(connection(early, 64, writers));
        room.broadcast(frame(0));
        FakeSink late = new FakeSink();
        room.add(connection(late, 64, writers));
        room.broadcast(frame(1));
        writers.runAll();
        assertThat(early.frames()).isEqualTo(numbers(0, 2));
        assertThat(late.frames()).containsExactly("1");
    }

    @Test
    void aWriterThatFindsItsNextFrameOverwrittenClosesAsTooSlowAndSendsNothingOutOfOrder() {
        // The room closes a page at `capacity` frames behind, with a log of twice that; a log this small (4 frames
        // for a capacity of 16) makes the writer itself find the overrun, as a writer descheduled long enough would.
        ManualExecutor writers = new ManualExecutor();
        FakeSink sink = new FakeSink();
        Connection c = connection(sink, 16, writers);
        FrameLog log = new FrameLog(4);
        c.attach(log);
        long head = 0;
        for (int i = 0; i < 10; i++) {
            head = log.append(frame(i));
        }
        assertThat(c.wake(head)).isTrue();
        writers.runAll();
        assertThat(sink.frames()).as("frames 0-5 are gone: nothing is sent rather than a gap").isEmpty();
        assertThat(sink.closedWith().getCode()).isEqualTo(Connection.TOO_SLOW);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
