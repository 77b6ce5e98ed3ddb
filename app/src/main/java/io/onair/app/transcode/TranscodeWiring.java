package io.onair.app.transcode;

import io.onair.app.config.OnairProperties;
import io.onair.hls.HlsOrigin;
import io.onair.stream.StreamRegistry;
import io.onair.transcode.FfmpegInfo;
import io.onair.transcode.FfmpegLocator;
import io.onair.transcode.FfmpegProbe;
import io.onair.transcode.LiveTranscoder;
import io.onair.transcode.TranscodeException;
import io.onair.transcode.TranscodeSettings;
import java.nio.file.Path;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The live transcoder, when {@code onair.transcode.enabled} (the default): ffmpeg located and probed at start (a
 * missing ffmpeg or encoder stops the server with the key named), renditions bound to the HLS origin. It listens to
 * the registry from creation on; it is closed before the origin (it depends on it), after RTMP has stopped.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "onair.transcode.enabled", havingValue = "true", matchIfMissing = true)
public class TranscodeWiring {

    @Bean(destroyMethod = "close")
    LiveTranscoder liveTranscoder(OnairProperties properties, StreamRegistry registry, HlsOrigin origin,
            Path dataDir, InstantSource clock, @Value("${onair.ffmpeg.path:}") String ffmpegPath) {
        OnairProperties.Transcode config = properties.transcode();
        Path ffmpeg = FfmpegLocator.locate(ffmpegPath, System.getenv("PATH")).orElseThrow(() ->
                new TranscodeException("onair.transcode.enabled: transcoding needs ffmpeg and none was found (set"
                        + " onair.ffmpeg.path, install it: apt-get install ffmpeg, or set"
                        + " onair.transcode.enabled=false)"));
        FfmpegInfo info = FfmpegProbe.probe(ffmpeg);
        TranscodeSettings settings = TranscodeSettings.defaults(dataDir.resolve("transcode"))
                .withLadder(config.transcodeLadder())
                .withEncoder(io.onair.transcode.Encoder.of("onair.transcode.encoder", config.encoder()),
                        config.preset(), config.vaapiDevice());
        LiveTranscoder transcoder = new LiveTranscoder(registry, settings, info, new HlsRenditionSink(origin), clock);
        transcoder.start();
        return transcoder;
    }
}
