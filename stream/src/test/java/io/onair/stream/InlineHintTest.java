package io.onair.stream;

import static io.onair.stream.Frames.delta;
import static io.onair.stream.Frames.key;
import static io.onair.stream.Frames.ms;
import static io.onair.stream.Readers.drain;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Keyframe hints run on the publisher's thread while the reader's consumer is idle ({@link
 * FrameReader#runHintsInline}), and are queued in order otherwise. The test thread is the publisher and, through
 * {@code poll}, the consumer: an empty poll leaves the consumer idle, a poll that returned an event leaves it busy.
 */
class InlineHintTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
    private final List<StreamEvent.KeyframeStart> ranInline = new ArrayList<>();
    private final List<Thread> ranOn = new ArrayList<>();

    /** Publication with one hint-taking reader whose hints run through {@code handler}, one GOP written. */
    private FrameReader reader(Publication pub, FrameReader.InlineHint handler) {
        FrameReader reader = pub.subscribe("hls", 1000, true);
        reader.runHintsInline(handler);
        for (int i = 0; i < 30; i++) {
            pub.write(i == 0 ? key(ms(i * 1000L / 30)) : delta(ms(i * 1000L / 30)));
        }
        return reader;
    }

    private boolean record(StreamEvent.KeyframeStart hint) {
        ranInline.add(hint);
        ranOn.add(Thread.currentThread());
        return true;
    }

    @Test
    void aHintRunsOnThePublishersThreadWhenTheConsumerWaitsAndIsNotQueued() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader reader = reader(pub, this::record);
        assertThat(drain(reader)).hasSize(30);
        assertThat(reader.idle()).isTrue();

        pub.keyframeStart(ms(1000), ms(1000));

        assertThat(ranInline).singleElement().satisfies(k -> assertThat(k.dts()).isEqualTo(ms(1000)));
        assertThat(ranOn).containsExactly(Thread.currentThread());
        pub.write(key(ms(1000)));
        assertThat(drain(reader)).singleElement().isInstanceOf(StreamEvent.Frame.class);
    }

    @Test
    void aHintIsQueuedInOrderWhileTheConsumerHandlesAnEventOrHasNotStarted() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader reader = reader(pub, this::record);
        assertThat(reader.idle()).isFalse(); // frames queued, and the consumer never took one
        pub.keyframeStart(ms(1000), ms(1000));
        assertThat(ranInline).isEmpty();
        assertThat(drain(reader)).hasSize(31).last().isInstanceOf(StreamEvent.KeyframeStart.class);

        pub.write(key(ms(1000)));
        pub.write(delta(ms(1033)));
        assertThat(reader.poll(Duration.ZERO)).isPresent(); // the consumer now handles the keyframe
        pub.keyframeStart(ms(1067), ms(1067)); // frame 1033 is still queued, and the consumer is busy
        assertThat(ranInline).isEmpty();
        List<StreamEvent> rest = drain(reader);
        assertThat(rest).hasSize(2);
        assertThat(rest.getLast()).isInstanceOf(StreamEvent.KeyframeStart.class);
    }

    @Test
    void theConsumerWaitsWhileAHintRunsAndAHintTheHandlerCouldNotRunComesBeforeALaterEnd() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        CompletableFuture<StreamEvent> taken = new CompletableFuture<>();
        FrameReader[] self = new FrameReader[1];
        FrameReader reader = reader(pub, hint -> {
            // Another thread ends the publication while the hint runs, and the consumer asks for the next event.
            Thread ender = Thread.ofPlatform().start(() -> pub.end(EndReason.CLEAN));
            Thread.ofPlatform().start(() -> {
                try {
                    taken.complete(self[0].take());
                } catch (InterruptedException e) {
                    taken.completeExceptionally(e);
                }
            });
            try {
                ender.join();
                taken.get(200, TimeUnit.MILLISECONDS);
                throw new AssertionError("the consumer took an event while a hint ran on the publisher's thread");
            } catch (TimeoutException expected) {
                // the consumer waits, although the end is queued
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return false; // could not run it (its lock was taken): the consumer gets it
        });
        self[0] = reader;
        assertThat(drain(reader)).hasSize(30);

        pub.keyframeStart(ms(1000), ms(1000));

        assertThat(taken.get(10, TimeUnit.SECONDS)).isInstanceOf(StreamEvent.KeyframeStart.class);
        assertThat(reader.take()).isInstanceOf(StreamEvent.End.class);
    }
}
