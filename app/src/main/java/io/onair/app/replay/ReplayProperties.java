package io.onair.app.replay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code onair.replays.*}: recording, live rewind, retention, clips and uploads. application.yml gives the reason
 * for each default.
 *
 * @param enabled           record every broadcast
 * @param renditions        renditions to record (empty: all); the audio rendition is always recorded
 * @param dvrWindow         how far back viewers may rewind a live stream
 * @param maxDuration       a broadcast longer than this is recorded as several replays of this length (0: one)
 * @param retentionDays     replays older than this are deleted (0: kept)
 * @param maxBytesPerChannel a channel's replays beyond this total are deleted, oldest first (0: no limit)
 * @param queueBytes        segments waiting for storage at most; beyond it segments are dropped from the replay
 *                          (the live stream never waits for storage)
 * @param storeAttempts     tries to store a segment before it is given up (the replay gets a gap)
 * @param maxUploadBytes    the largest file an owner may upload
 * @param uploadConcurrency upload transcoding jobs run at once
 */
@Validated
@ConfigurationProperties("onair.replays")
public record ReplayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") List<String> renditions,
        @NotNull @DefaultValue("2h") Duration dvrWindow,
        @NotNull @DefaultValue("24h") Duration maxDuration,
        @DefaultValue("0") @Min(0) @Max(36_500) int retentionDays,
        @NotNull @DefaultValue("0") DataSize maxBytesPerChannel,
        @NotNull @DefaultValue("256MB") DataSize queueBytes,
        @DefaultValue("5") @Min(1) @Max(20) int storeAttempts,
        @NotNull @DefaultValue("4GB") DataSize maxUploadBytes,
        @DefaultValue("1") @Min(1) @Max(8) int uploadConcurrency) {

    public ReplayProperties {
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        if (dvrWindow.compareTo(Duration.ofMinutes(1)) < 0 || dvrWindow.compareTo(Duration.ofHours(48)) > 0) {
            throw new IllegalArgumentException("onair.replays.dvr-window: must be between 1m and 48h");
        }
        if (!maxDuration.isZero() && (maxDuration.compareTo(Duration.ofMinutes(10)) < 0
                || maxDuration.compareTo(Duration.ofDays(7)) > 0)) {
            throw new IllegalArgumentException("onair.replays.max-duration: must be 0 or between 10m and 7d");
        }
        if (queueBytes.toMegabytes() < 8 || queueBytes.toGigabytes() > 8) {
            throw new IllegalArgumentException("onair.replays.queue-bytes: must be between 8MB and 8GB");
        }
        if (maxBytesPerChannel.toBytes() < 0) {
            throw new IllegalArgumentException("onair.replays.max-bytes-per-channel: must not be negative");
        }
        if (maxUploadBytes.toMegabytes() < 1) {
            throw new IllegalArgumentException("onair.replays.max-upload-bytes: must be at least 1MB");
        }
    }

    /** Whether segments of {@code rendition} are recorded. */
    public boolean records(String rendition) {
        return enabled && (renditions.isEmpty() || renditions.contains(rendition) || rendition.equals("audio"));
    }
}
