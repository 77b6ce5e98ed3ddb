package io.onair.app.replay;

import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.storage.BlobStore;
import io.onair.transcode.FfmpegLocator;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Replays: the recorder the HLS origin hands its segments to (bound in {@code MediaWiring}), the services behind the
 * API and the VOD routes, the thumbnail strips, and the retention sweep (hourly, and after each broadcast).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplayProperties.class)
public class ReplayWiring {
    private static final Logger log = LoggerFactory.getLogger(ReplayWiring.class);

    @Bean(destroyMethod = "close")
    ReplayRecorder replayRecorder(ReplayRepository replays, BlobStore store, ReplayProperties settings,
            InstantSource clock, ChannelCatalog channels, ApplicationEventPublisher events) {
        return new ReplayRecorder(replays, store, settings, clock,
                name -> channels.channel(name).map(ChannelRecord::info).map(i -> i.title()).orElse(""),
                id -> events.publishEvent(new ReplayEnded(id)), d -> Thread.sleep(d));
    }

    /**
     * Recording health for Prometheus: bytes waiting for storage, segments left out because storage was behind, and
     * segments that could not be stored after every attempt (alert on either growing).
     */
    @Bean
    io.micrometer.core.instrument.binder.MeterBinder replayMetrics(ReplayRecorder recorder) {
        return meters -> {
            io.micrometer.core.instrument.Gauge.builder("onair.replays.queued", recorder, ReplayRecorder::queuedBytes)
                    .baseUnit("bytes").description("Recorded segments waiting for storage").register(meters);
            io.micrometer.core.instrument.FunctionCounter.builder("onair.replays.dropped", recorder,
                            ReplayRecorder::dropped)
                    .description("Segments left out of replays because storage was behind").register(meters);
            io.micrometer.core.instrument.FunctionCounter.builder("onair.replays.failed", recorder,
                            ReplayRecorder::failed)
                    .description("Segments that could not be stored after every attempt").register(meters);
        };
    }

    @Bean
    ReplayService replayService(ReplayRepository replays, ReplayRecorder recorder, BlobStore store,
            ChannelCatalog channels, ReplayProperties settings, InstantSource clock) {
        return new ReplayService(replays, recorder, store, channels, settings, clock);
    }

    @Bean
    ClipService clipService(ClipRepository clips, ReplayService replays, ReplayRepository index,
            ReplayRecorder recorder, ChannelCatalog channels, ChannelService channelService, InstantSource clock) {
        return new ClipService(clips, replays, index, recorder, channels, channelService::canModerate, clock);
    }

    @Bean(destroyMethod = "close")
    ReplayThumbnails replayThumbnails(ReplayRepository replays, ReplayService service, BlobStore store,
            @Value("${onair.ffmpeg.path:}") String ffmpegPath) {
        return new ReplayThumbnails(replays, service, store, FfmpegLocator.locate(ffmpegPath, System.getenv("PATH")));
    }

    @Bean(destroyMethod = "close")
    ReplayDownloads replayDownloads(BlobStore store, ReplayService replays, java.nio.file.Path dataDir,
            @Value("${onair.ffmpeg.path:}") String ffmpegPath) {
        return new ReplayDownloads(store, replays, FfmpegLocator.locate(ffmpegPath, System.getenv("PATH")),
                dataDir.resolve("tmp"));
    }

    /** After a broadcast: its thumbnails, then the retention rules (a new replay may push a channel over its size). */
    @Bean
    AfterBroadcast afterBroadcast(ReplayThumbnails thumbnails, ReplayService replays, ReplayRepository index) {
        return new AfterBroadcast(thumbnails, replays, index);
    }

    public static final class AfterBroadcast implements AutoCloseable {
        /** Enough for any restart's missed strips; older ones without a strip are mostly replays without video. */
        static final int CATCH_UP = 100;

        private final ReplayThumbnails thumbnails;
        private final ReplayService replays;
        private final ReplayRepository index;
        private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("replay-retention").daemon().factory());

        AfterBroadcast(ReplayThumbnails thumbnails, ReplayService replays, ReplayRepository index) {
            this.thumbnails = thumbnails;
            this.replays = replays;
            this.index = index;
            sweeper.scheduleWithFixedDelay(this::sweep, 1, 60, TimeUnit.MINUTES);
        }

        @EventListener
        public void ended(ReplayEnded e) {
            thumbnails.submit(e.broadcast());
            try {
                sweeper.execute(this::sweep);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is stopping: the next start's first sweep runs within a minute
            }
        }

        /**
         * At start: the strips a stopped server did not make (a broadcast ended by its shutdown, or by this start
         * for one it left open), the newest {@link #CATCH_UP} of them, on the thumbnails' worker.
         */
        @EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
        public void catchUp() {
            index.endedWithoutThumbnails(CATCH_UP).forEach(thumbnails::submit);
        }

        private void sweep() {
            try {
                int n = replays.sweepRetention();
                if (n > 0) {
                    log.info("replays: retention deleted {} replay(s)", n);
                }
            } catch (RuntimeException e) {
                log.error("replays: retention sweep failed", e);
            }
        }

        @Override
        public void close() {
            sweeper.shutdownNow();
        }
    }
}
