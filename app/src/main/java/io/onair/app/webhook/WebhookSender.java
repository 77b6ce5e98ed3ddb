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

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
