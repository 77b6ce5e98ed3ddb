package io.onair.app.support;

import io.onair.app.alerts.AlertService;
import io.onair.app.follow.ChannelFollowed;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A new follower makes a follow alert on the overlay. */
@Component
public class FollowAlerts {
    private final AlertService alerts;

    public FollowAlerts(AlertService alerts) {
        this.alerts = alerts;
    }

    @EventListener
    public void followed(ChannelFollowed event) {
        alerts.send(event.channelId(), "follow", event.username(), Optional.empty(), Optional.empty(), "",
                Optional.empty(), false);
    }
}
