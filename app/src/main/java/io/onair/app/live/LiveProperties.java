package io.onair.app.live;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code onair.chat.*}: the watch page's WebSocket (live push and chat). application.yml gives the reason for each
 * default.
 *
 * @param ratePerSecond messages per second per account, on average
 * @param burst         messages an account may send at once
 * @param history       messages sent to a page when it joins a room
 * @param sendQueue     frames queued for one connection before it is closed as too slow
 * @param heartbeat     a frame at least this often, so proxies keep the connection and clients notice a dead one
 * @param maxFrameBytes the largest frame a client may send (larger: closed with 1009)
 */
@Validated
@ConfigurationProperties("onair.chat")
public record LiveProperties(
        @DefaultValue("1.0") double ratePerSecond,
        @DefaultValue("5") @Min(1) @Max(100) int burst,
        @DefaultValue("50") @Min(0) @Max(500) int history,
        @DefaultValue("256") @Min(16) @Max(65_536) int sendQueue,
        @NotNull @DefaultValue("25s") Duration heartbeat,
        @DefaultValue("4096") @Min(2100) @Max(65_536) int maxFrameBytes) {

    public LiveProperties {
        if (!(ratePerSecond > 0 && ratePerSecond <= 100)) {
            throw new IllegalArgumentException("onair.chat.rate-per-second: must be above 0 and at most 100");
        }
        if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("onair.chat.heartbeat: must be between 1s and 5m");
        }
    }
}
