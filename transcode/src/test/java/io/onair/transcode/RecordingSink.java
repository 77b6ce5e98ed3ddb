package io.onair.transcode;

import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Records what a transcoder hands its sink, per rendition, with the time each call came. */
final class RecordingSink implements RenditionSink {
    sealed interface Call permits Started, Frame, Ended, SourceEnded {
        long nanos();
    }

    record Started(long nanos) implements Call {
    }

    record Frame(long nanos, VideoFrame frame) implements Call {
    }

    record Ended(long nanos, String reason) implements Call {
    }

    record SourceEnded(long nanos) implements Call {
    }

    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();

    @Override
    public void renditionStarted(String channel, String rendition) {
        add(rendition, new Started(System.nanoTime()));
    }

    @Override
    public void renditionFrame(String channel, String rendition, MediaFrame frame) {
        add(rendition, new Frame(System.nanoTime(), (VideoFrame) frame));
    }

    @Override
    public void renditionEnded(String channel, String rendition, String reason) {
        add(rendition, new Ended(System.nanoTime(), reason));
    }

    @Override
    public void renditionSourceEnded(String channel, String rendition) {
        add(rendition, new SourceEnded(System.nanoTime()));
    }

    private void add(String rendition, Call call) {
        List<Call> list = calls.computeIfAbsent(rendition, r -> new ArrayList<>());
        synchronized (list) {
            list.add(call);
            list.notifyAll();
        }
    }

    List<Call> calls(String rendition) {
        List<Call> list = calls.computeIfAbsent(rendition, r -> new ArrayList<>());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    List<VideoFrame> frames(String rendition) {
        return calls(rendition).stream().filter(c -> c instanceof Frame).map(c -> ((Frame) c).frame()).toList();
    }

    java.util.Set<String> renditions() {
        return calls.keySet();
    }

    /** Waits until the rendition's calls satisfy {@code condition}; fails after {@code timeout}. */
    void await(String rendition, Duration timeout, String what, Predicate<List<Call>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Call> list = calls.computeIfAbsent(rendition, r -> new ArrayList<>());
        synchronized (list) {
            while (!condition.test(list)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(rendition + ": " + what + " did not happen within " + timeout
                            + "; calls: " + list.stream().map(c -> c.getClass().getSimpleName()).distinct().toList()
                            + " (" + list.size() + ")");
                }
                list.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
