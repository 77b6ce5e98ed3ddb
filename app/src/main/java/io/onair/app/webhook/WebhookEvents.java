package io.onair.app.webhook;

import io.onair.app.channel.ChannelCatalog;
import io.onair.app.follow.ChannelFollowed;
import io.onair.app.payment.PaymentListener;
import io.onair.app.payment.PaymentRecord;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamListener;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * What becomes a webhook delivery: stream start and end (account channels), new follows, subscriptions and
 * donations. Payments are queued in the payment's own transaction: a recorded payment always has its deliveries.
 */
public final class WebhookEvents implements PaymentListener, StreamListener {
    private final WebhookDispatcher dispatcher;
    private final ChannelCatalog catalog;
    private final io.onair.app.support.SupportRepository support;
    /** Stream callbacks run on the publisher's thread: the database insert is done off it. */
    private final java.util.concurrent.Executor executor;

    public WebhookEvents(WebhookDispatcher dispatcher, ChannelCatalog catalog,
            io.onair.app.support.SupportRepository support, java.util.concurrent.Executor executor) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.catalog = catalog;
        this.support = support;
    }

    @Override
    public Runnable recorded(PaymentRecord p) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", p.id());
        data.put("user", p.username());
        data.put("amount", p.amount());
        data.put("currency", p.currency());
        if ("donation".equals(p.kind())) {
            data.put("message", p.message());
        }
        p.tier().ifPresent(t -> data.put("tier", t));
        data.put("provider", p.provider());
        data.put("testMode", p.testMode());
        dispatcher.enqueue(p.channelId(), support.channelName(p.channelId()), p.kind(), data);
        return () -> {
        };
    }

    @EventListener
    public void followed(ChannelFollowed e) {
        dispatcher.enqueue(e.channelId(), e.channel(), "follow", Map.of("user", e.username()));
    }

    @Override
    public void onStart(Publication publication) {
        // The title and category as they are when it starts: what a go-live message in a chat says.
        executor.execute(() -> catalog.channel(publication.channel()).ifPresent(c -> dispatcher.enqueue(c.id(),
                c.name(), "stream.online", Map.of("startedAt", publication.startedAt().toString(),
                        "title", c.info().title(), "category", c.info().category()))));
    }

    @Override
    public void onEnd(Publication publication, EndReason reason) {
        if (reason == EndReason.TAKEN_OVER) {
            return; // the same broadcast goes on with the new publisher
        }
        executor.execute(() -> catalog.channel(publication.channel()).ifPresent(c -> dispatcher.enqueue(c.id(),
                c.name(), "stream.offline", Map.of("startedAt", publication.startedAt().toString()))));
    }
}
