package io.onair.app.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * A socket for {@link Connection}'s writer: records every frame and write, notices two writers at once, and can be
 * made to block like a socket whose client stopped reading ({@link #blockWrites}) until {@link #release}.
 */
final class FakeSink implements FrameSink {
    private final List<String> frames = new ArrayList<>();
    private final List<Integer> writeSizes = new ArrayList<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean block;
    private volatile Consumer<List<TextMessage>> duringWrite = f -> { };
    private volatile CloseStatus closed;

    /** Every write from now on blocks (the first one signals {@link #awaitBlocked}) until {@link #release}. */
    FakeSink blockWrites() {
        block = true;
        return this;
    }

    /** Runs inside the next writes, while the writer is busy (to offer frames "concurrently", deterministically). */
    FakeSink duringWrite(Consumer<List<TextMessage>> action) {
        duringWrite = action;
        return this;
    }

    @Override
    public void send(List<TextMessage> batch) {
        if (!writing.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
        try {
            duringWrite.accept(batch);
            if (block) {
                blocked.countDown();
                await(released);
            }
            for (int i = 0; i < 3; i++) {
                Thread.yield(); // widen the window in which a second writer would overlap
            }
            synchronized (this) {
                batch.forEach(f -> frames.add(f.getPayload()));
                writeSizes.add(batch.size());
            }
        } finally {
            writing.set(false);
        }
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public void close(CloseStatus status) {
        closed = status;
        closedLatch.countDown();
    }

    void awaitBlocked() {
        await(blocked);
    }

    void release() {
        released.countDown();
    }

    CloseStatus awaitClosed() {
        await(closedLatch);
        return closed;
    }

    CloseStatus closedWith() {
        return closed;
    }

    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    synchronized int received() {
        return frames.size();
    }

    synchronized List<Integer> writeSizes() {
        return List.copyOf(writeSizes);
    }

    /** Times two writers were inside {@link #send} at once: always 0 for a correct writer. */
    int overlaps() {
        return overlaps.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) { // a liveness bound, not a timing assertion
                throw new AssertionError("timed out waiting for the fake socket");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
