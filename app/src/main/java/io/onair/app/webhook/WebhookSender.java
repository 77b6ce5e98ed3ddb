package io.onair.app.webhook;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The thread that sends due deliveries every {@code interval} (and takes the stream callbacks' inserts off the
 * publisher's thread). Its own type, not a bare executor bean, so it never competes with other executors.
 */
public final class WebhookSender implements Executor, AutoCloseable {
    /** A send in progress is interrupted (HttpClient.send answers interrupts): this is only a bound, rarely waited. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-sender").daemon().factory());

    WebhookSender(WebhookDispatcher dispatcher, Duration interval) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                dispatcher.runDue();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(WebhookSender.class).warn("webhook sending failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    /**
     * Stops sending and waits (up to {@link #CLOSE_WAIT}) for the thread to leave a send in progress: the database
     * closes after this bean, and a send still running then failed on the closed connection pool, a stack trace at
     * shutdown. A delivery cut off here stays due in the database and is sent after the restart.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LoggerFactory.getLogger(WebhookSender.class).warn("webhook sending still running after {}", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
