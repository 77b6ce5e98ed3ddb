package io.onair.app.directory;

import io.onair.hls.HlsOrigin;
import io.onair.stream.StreamRegistry;
import io.onair.transcode.FfmpegLocator;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Thumbnails for the directory: ffmpeg as the transcoder finds it; none (and a warning) without one. */
@Configuration(proxyBeanMethods = false)
public class DirectoryWiring {
    @Bean(destroyMethod = "close")
    Thumbnails thumbnails(HlsOrigin origin, StreamRegistry registry, InstantSource clock,
            @Value("${onair.ffmpeg.path:}") String ffmpegPath,
            @Value("${onair.directory.thumbnail-interval:30s}") Duration interval,
            @Value("${onair.directory.thumbnail-channels:500}") int maxChannels) {
        if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("onair.directory.thumbnail-interval: must be at least 5s");
        }
        if (maxChannels < 1) {
            throw new IllegalArgumentException("onair.directory.thumbnail-channels: must be at least 1");
        }
        return new Thumbnails(origin, registry, FfmpegLocator.locate(ffmpegPath, System.getenv("PATH")), clock,
                interval, maxChannels).start();
    }
}
