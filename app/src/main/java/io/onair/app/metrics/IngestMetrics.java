package io.onair.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.onair.stream.IngestStats;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Ingest health per channel for Prometheus ({@code onair_ingest_*{channel=…}}). Gauges read the registry's
 * snapshots when scraped, so the publisher's hot path does nothing for metrics.
 */
@Component
public class IngestMetrics implements MeterBinder {
    private final StreamRegistry registry;
    private final java.util.Set<String> channels;

    public IngestMetrics(StreamRegistry registry, io.onair.app.ingest.ChannelKeys keys) {
        this.registry = registry;
        this.channels = keys.channels();
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("onair.live.channels", registry, r -> r.live().size())
                .description("Channels publishing now").register(meters);
        for (String channel : channels) {
            gauge(meters, channel, "onair.ingest.live", "1 while the channel publishes", s -> 1);
            gauge(meters, channel, "onair.ingest.video.kbps", "Video bitrate received, kbit/s", IngestStats::videoKbps);
            gauge(meters, channel, "onair.ingest.audio.kbps", "Audio bitrate received, kbit/s", IngestStats::audioKbps);
            gauge(meters, channel, "onair.ingest.fps", "Video frames per second received", IngestStats::frameRate);
            gauge(meters, channel, "onair.ingest.keyframe.interval.seconds", "Last keyframe interval",
                    s -> s.lastKeyframeInterval().orElse(Double.NaN));
            gauge(meters, channel, "onair.ingest.frames.dropped", "Frames dropped by slow readers",
                    s -> s.framesDropped());
            gauge(meters, channel, "onair.ingest.frames.bad", "Malformed frames skipped", s -> s.badFrames());
            gauge(meters, channel, "onair.ingest.discontinuities", "Timestamp jumps", s -> s.discontinuities());
        }
    }

    private void gauge(MeterRegistry meters, String channel, String name, String description,
            ToDoubleFunction<IngestStats> value) {
        Gauge.builder(name, () -> stats(channel).map(value::applyAsDouble).orElse(0.0))
                .tag("channel", channel).description(description).register(meters);
    }

    private Optional<IngestStats> stats(String channel) {
        return registry.current(channel).map(Publication::stats);
    }
}
