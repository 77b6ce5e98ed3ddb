package io.onair.transcode;

/**
 * Threads for the transcoder's per-frame pipe and socket I/O: platform threads, not virtual ones.
 *
 * <p>Each of these threads wakes for every frame (the feeder when the ingest queues a source frame, each rung's
 * reader when ffmpeg writes an encoded one) and does one small read or write. On a virtual thread each wake is a
 * round through the scheduler: a blocked socket read parks and registers with the JDK's poller, whose thread wakes,
 * unparks the virtual thread, and a carrier is woken to run it; a wake from the ingest's event loop also goes
 * through a carrier. A platform thread blocks in the kernel and is woken by it directly. Profiled with
 * {@code perf record -e cpu-clock -g} on a JVM transcoding one 720p30 stream into two rungs (docs/benchmarks.md,
 * section 6): the carriers' parking and waking (futex) and the poller were about a fifth of the JVM's CPU. The cost
 * is a few platform threads per transcoded stream (one feeder, one reader per rung), which the ladder's size and the
 * number of live streams bound.
 */
final class PipeThreads {
    private PipeThreads() {
    }

    /** Starts a daemon platform thread: a stuck ffmpeg must never keep the JVM from exiting. */
    static Thread start(String name, Runnable task) {
        return Thread.ofPlatform().daemon().name(name).start(task);
    }
}
