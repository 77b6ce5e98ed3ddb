package io.onair.stream;

/**
 * Threads for work that wakes for every frame of a stream: a channel's packager (woken by the ingest for each frame
 * its {@link FrameReader} receives), the transcoder's feeder and each of its rung readers (woken when ffmpeg writes
 * an encoded frame). Platform threads, not virtual ones.
 *
 * <p>Each wake does a few microseconds of work. On a virtual thread each is a round through the scheduler: a wake
 * from the ingest's event loop first needs a carrier woken, and a blocked socket read parks, registers with the
 * JDK's poller, whose thread wakes and unparks it onto a carrier. A platform thread blocks in the kernel and is
 * woken by it directly. Measured (docs/benchmarks.md): with {@code perf record -e cpu-clock -g}, the carriers'
 * parking and waking and the poller were about a fifth of a transcoding JVM's CPU, and the transcoder's extra JVM
 * CPU went from 1.3-1.6 to 0.5-0.8 CPU-s a minute on these threads (section 6); the packagers of 20 ingested streams
 * used about 6 % less CPU (section 3). The cost is a thread per live channel plus one per transcoder and rung,
 * bounded by the number of live streams.
 */
public final class FrameThreads {
    private FrameThreads() {
    }

    /** Starts a daemon platform thread: a stuck consumer (or ffmpeg) must never keep the JVM from exiting. */
    public static Thread start(String name, Runnable task) {
        return Thread.ofPlatform().daemon().name(name).start(task);
    }
}
