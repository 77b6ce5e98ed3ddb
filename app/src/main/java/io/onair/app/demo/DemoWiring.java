package io.onair.app.demo;

import io.onair.app.config.OnairProperties;
import io.onair.app.ingest.ChannelKeys;
import io.onair.rtmp.RtmpServer;
import io.onair.transcode.FfmpegLocator;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the demo publisher when {@code onair.demo.enabled=true}, started once the RTMP listener is up. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "onair.demo.enabled", havingValue = "true")
public class DemoWiring {

    @Bean
    SmartLifecycle demoPublisherLifecycle(OnairProperties properties, ChannelKeys keys, RtmpServer rtmp,
            @Value("${onair.ffmpeg.path:}") String ffmpegPath) {
        OnairProperties.Demo demo = properties.demo();
        Path ffmpeg = FfmpegLocator.locate(ffmpegPath, System.getenv("PATH")).orElseThrow(() ->
                new IllegalStateException("onair.demo.enabled: the demo stream needs ffmpeg, and none was found"
                        + " (set onair.ffmpeg.path or install it: apt-get install ffmpeg)"));
        String key = keys.keyOf(demo.channel()).orElseThrow();
        return new SmartLifecycle() {
            private DemoPublisher publisher;

            @Override
            public void start() {
                publisher = new DemoPublisher(ffmpeg, "rtmp://127.0.0.1:" + rtmp.port() + "/"
                        + properties.ingest().app() + "/" + key, demo.size(), demo.fps(), demo.videoKbps());
                publisher.start();
            }

            @Override
            public void stop() {
                if (publisher != null) {
                    publisher.close();
                    publisher = null;
                }
            }

            @Override
            public boolean isRunning() {
                return publisher != null;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
