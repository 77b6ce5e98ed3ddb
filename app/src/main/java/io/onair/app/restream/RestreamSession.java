package io.onair.app.restream;

import io.netty.channel.EventLoopGroup;
import io.onair.rtmp.client.PushTarget;
import io.onair.rtmp.client.RtmpPushClient;
import io.onair.stream.FrameReader;
import io.onair.stream.Publication;
import io.onair.stream.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination of one live publication: connects, pushes the publication's frames, and when the destination
 * drops or refuses, tries again with a doubling back-off until the publication ends or the owner turns it off.
 *
 * <p>The publisher never waits for a destination: frames reach this session through its own bounded
 * {@link FrameReader}, which drops up to the next keyframe when the destination is slower than the stream. A
 * destination that accepts nothing for {@link #STALL} is dropped and reconnected, so a dead TCP peer does not hold
 * a connection for the kernel's minutes of retransmissions.
 */
final class RestreamSession {
    private static final Logger log = LoggerFactory.getLogger(RestreamSession.class);
    /** A DNS lookup, a TCP and maybe TLS handshake and four command round trips to a distant ingest. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** No byte accepted for this long while frames wait: the destination is gone. */
    static final Duration STALL = Duration.ofSeconds(20);
    /** First retry after a failure; doubled up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    /** Retried for as long as the stream lasts, at most this far apart: a destination back up is used again soon. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** About 15 s of 30 fps video with its audio: rides out a destination's hiccup without dropping. */
    static final int READER_CAPACITY = 1_200;

    private final String channel;
    private final RestreamRepository.Target target;
    private final PushTarget push;
    private final Publication publication;
    private final EventLoopGroup group;
    private final InstantSource clock;
    private final boolean allowPrivate;
    private volatile RestreamStatus status;
    private volatile boolean stopped;
    private volatile RtmpPushClient client;
    private Thread thread;

    RestreamSession(String channel, RestreamRepository.Target target, PushTarget push, Publication publication,
            EventLoopGroup group, InstantSource clock, boolean allowPrivate) {
        this.channel = channel;
        this.allowPrivate = allowPrivate;
        this.target = target;
        this.push = push;
        this.publication = publication;
        this.group = group;
        this.clock = clock;
        this.status = RestreamStatus.of("connecting", "", clock.instant());
    }

    RestreamRepository.Target target() {
        return target;
    }

    Publication publication() {
        return publication;
    }

    RestreamStatus status() {
        RestreamStatus s = status;
        RtmpPushClient c = client;
        if (s.state().equals("live") && c != null) {
            long seconds = Math.max(1, Duration.between(s.since(), clock.instant()).toSeconds());
            return new RestreamStatus(s.state(), s.detail(), s.since(), c.bytesSent() * 8 / 1000 / seconds);
        }
        return s;
    }

    void start() {
        thread = Thread.ofVirtual().name("restream-" + channel + "-" + target.id()).start(this::run);
    }

    /** Ends the push (FCUnpublish, then the connection) and the retries. */
    void stop() {
        stopped = true;
        RtmpPushClient c = client;
        if (c != null) {
            c.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopped && publication.live()) {
            set("connecting", "");
            Instant attempt = clock.instant();
            try {
                pushOnce();
                return; // the publication ended, or the session was stopped
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (stopped) {
                    return;
                }
                closeClient(); // before the back-off: a stalled connection is still open
                String why = reason(e);
                // A connection that carried the stream for a while starts the back-off again.
                if (Duration.between(attempt, clock.instant()).compareTo(MAX_BACKOFF) > 0) {
                    backoff = FIRST_BACKOFF;
                }
                log.warn("{}: restream to {} ({}) failed: {}; retrying in {} s", channel, target.name(),
                        push.describe(), why, backoff.toSeconds());
                set("retrying", why);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                closeClient();
            }
        }
    }

    private void closeClient() {
        RtmpPushClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    private void pushOnce() throws Exception {
        Optional<String> refused = RestreamService.addressProblem(push.host(), allowPrivate);
        if (refused.isPresent()) {
            throw new java.io.IOException("the server's address " + refused.get());
        }
        RtmpPushClient c;
        try {
            c = RtmpPushClient.connect(group, push, CONNECT_TIMEOUT)
                    .get(CONNECT_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
        }
        client = c;
        if (stopped) {
            return;
        }
        log.info("{}: restreaming to {} ({})", channel, target.name(), push.describe());
        set("live", "");
        FlvFrames frames = new FlvFrames(new FlvFrames.Sink() {
            @Override
            public void metadata(Map<String, Object> values) {
                c.sendMetadata(values);
            }

            @Override
            public void video(long timestampMs, byte[] body) {
                c.sendVideo(timestampMs, body);
            }

            @Override
            public void audio(long timestampMs, byte[] body) {
                c.sendAudio(timestampMs, body);
            }
        });
        try (FrameReader reader = publication.subscribe("restream " + target.name(), READER_CAPACITY)) {
            while (!stopped) {
                if (c.closed().isDone()) {
                    c.closed().get(); // throws the destination's reason
                    throw new java.io.IOException("the destination closed the connection");
                }
                Optional<StreamEvent> next = reader.poll(Duration.ofSeconds(1));
                if (next.isEmpty()) {
                    continue;
                }
                switch (next.get()) {
                    case StreamEvent.Frame f -> {
                        if (!c.isWritable() && !c.awaitWritable(STALL)) {
                            if (c.closed().isDone()) {
                                continue; // its reason is thrown at the top of the loop
                            }
                            throw new TimeoutException("the destination took nothing for " + STALL.toSeconds() + " s");
                        }
                        frames.write(f.frame());
                    }
                    case StreamEvent.End end -> {
                        log.info("{}: restream to {} ends with the stream", channel, target.name());
                        return;
                    }
                    default -> {
                        // Discontinuities need nothing: a new configuration brings its sequence header.
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void set(String state, String detail) {
        status = RestreamStatus.of(state, detail, clock.instant());
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
