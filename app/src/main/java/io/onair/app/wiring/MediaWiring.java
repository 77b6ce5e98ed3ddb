package io.onair.app.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.onair.app.channel.AccountChannelKeys;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelInfo;
import io.onair.app.channel.ChannelRepository;
import io.onair.app.channel.OperatorChannels;
import io.onair.app.config.OnairProperties;
import io.onair.app.delivery.DeliveryCounters;
import io.onair.app.delivery.HlsServlet;
import io.onair.app.delivery.HttpProperties;
import io.onair.app.delivery.MediaFastPath;
import io.onair.app.ingest.ChannelIngest;
import io.onair.app.ingest.ChannelKeys;
import io.onair.app.ingest.PublishUrl;
import io.onair.app.ingest.StaticChannelKeys;
import io.onair.hls.HlsOrigin;
import io.onair.hls.Fmp4SegmentFormat;
import io.onair.hls.HlsSettings;
import io.onair.hls.SegmentArchive;
import io.onair.hls.SegmentFormat;
import io.onair.hls.TsSegmentFormat;
import io.onair.origin.MediaResponder;
import io.onair.origin.OriginConfig;
import io.onair.origin.OriginServer;
import io.onair.rtmp.RtmpConfig;
import io.onair.rtmp.RtmpServer;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The one place where the media core is assembled: ingest → stream registry → HLS packaging → HTTP delivery
 * (the application's {@code /live/*} servlet and the media port). The media modules know nothing of Spring; this
 * class creates them and {@link MediaLifecycle} starts and stops them in order (HTTP first, then RTMP; on shutdown
 * RTMP first so publishers end cleanly and playlists get their ENDLIST).
 */
@Configuration(proxyBeanMethods = false)
public class MediaWiring {

    @Bean
    InstantSource clock() {
        return InstantSource.system();
    }

    @Bean
    Path dataDir(OnairProperties properties) throws IOException {
        Path dir = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("onair.data-dir: cannot create " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("onair.data-dir: " + dir + " is not writable");
        }
        return dir;
    }

    /**
     * Stream keys: the static ones ({@code onair.ingest.keys}, or generated into the data directory) and the account
     * channels' keys, looked up in memory ({@link ChannelCatalog}) so the Netty event loop never waits on the database.
     */
    @Bean
    AccountChannelKeys channelKeys(OnairProperties properties, Path dataDir, ChannelCatalog catalog,
            ChannelRepository channels, InstantSource clock) {
        Set<String> generated = new LinkedHashSet<>();
        if (properties.ingest().keys().isEmpty()) {
            generated.add(properties.ingest().defaultChannel());
        }
        if (properties.demo().enabled()) {
            generated.add(properties.demo().channel());
        }
        StaticChannelKeys statics = StaticChannelKeys.configuredOrGenerated(properties.ingest().keys(),
                dataDir.resolve("stream-keys.properties"), generated);
        // Their channel rows (chat, follows, info), before anything looks a channel up in the catalog.
        Map<String, ChannelInfo> firstInfo = new LinkedHashMap<>();
        statics.channels().forEach(name -> firstInfo.put(name, ChannelInfo.EMPTY));
        if (properties.demo().enabled()) {
            firstInfo.put(properties.demo().channel(), DEMO_INFO);
        }
        new OperatorChannels(channels, catalog, clock).ensure(firstInfo);
        return new AccountChannelKeys(statics, catalog);
    }

    /** What the directory and the demo's channel page say about it (an admin may change it: it is set once). */
    static final ChannelInfo DEMO_INFO = new ChannelInfo("Onair demo: a test pattern with a running clock and a tone",
            "Demo", List.of("demo"), "", "");

    @Bean
    StreamRegistry streamRegistry(InstantSource clock) {
        return new StreamRegistry(clock, StreamSettings.defaults());
    }

    @Bean(destroyMethod = "close")
    HlsOrigin hlsOrigin(StreamRegistry registry, OnairProperties properties, InstantSource clock,
            SegmentArchive archive) {
        OnairProperties.Hls hls = properties.hls();
        SegmentFormat format = hls.format().equals("ts") ? new TsSegmentFormat() : new Fmp4SegmentFormat();
        // LL-HLS parts are fMP4 fragments: MPEG-TS playlists stay plain.
        HlsSettings settings = new HlsSettings(hls.targetDuration(), hls.playlistSegments(), hls.endGrace())
                .withPartTarget(hls.format().equals("ts") ? java.time.Duration.ZERO : hls.partTarget());
        // Every listed segment also goes to the archive (the replay recorder), which only enqueues it.
        return new HlsOrigin(registry, settings, clock, format, true, archive);
    }

    @Bean
    RtmpServer rtmpServer(OnairProperties properties, ChannelKeys keys, StreamRegistry registry) {
        RtmpConfig config = RtmpConfig.defaults().withHost(properties.rtmp().host()).withPort(properties.rtmp().port());
        return new RtmpServer(config, new ChannelIngest(properties.ingest().app(), keys, registry));
    }

    /** What streamers type into OBS's "Server" field: the banner, the dashboard and the home page show it. */
    @Bean
    PublishUrl publishUrl(OnairProperties properties, RtmpServer rtmpServer) {
        return new PublishUrl(properties.rtmp().publicHost(), properties.ingest().app(), rtmpServer::port);
    }

    /**
     * RTMP, and the media port ({@code onair.http.media-port}): the same {@code /live/...} answers as the
     * application's port, on Netty, for large audiences and CDNs ({@link OriginServer} says why); none when -1.
     */
    @Bean
    MediaLifecycle mediaLifecycle(RtmpServer rtmpServer, HttpProperties http, MediaResponder responder,
            InstantSource clock, MeterRegistry meters) {
        Optional<OriginServer> mediaPort = Optional.empty();
        if (http.mediaPortEnabled()) {
            OriginConfig config = OriginConfig.defaults(http.mediaPort()).withHost(http.mediaHost())
                    .withMaxConnections(http.mediaMaxConnections());
            mediaPort = Optional.of(new OriginServer(config, responder, clock,
                    new DeliveryCounters(meters, "media")::count));
        }
        return new MediaLifecycle(rtmpServer, mediaPort);
    }

    @Bean
    MediaResponder mediaResponder(HlsOrigin origin) {
        return new MediaResponder(origin);
    }

    @Bean
    HlsServlet hlsServletInstance(MediaResponder responder) {
        return new HlsServlet(responder);
    }

    @Bean
    ServletRegistrationBean<HlsServlet> hlsServlet(HlsServlet servlet) {
        ServletRegistrationBean<HlsServlet> bean = new ServletRegistrationBean<>(servlet, "/live/*");
        bean.setName("hls");
        bean.setLoadOnStartup(1);
        return bean;
    }

    /** Media requests skip every application filter: see {@link MediaFastPath} for why and what is still counted. */
    @Bean
    FilterRegistrationBean<MediaFastPath> mediaFastPath(HlsServlet servlet, MeterRegistry meters) {
        FilterRegistrationBean<MediaFastPath> bean = new FilterRegistrationBean<>(
                new MediaFastPath(servlet, new DeliveryCounters(meters, "app")));
        bean.addUrlPatterns("/live/*");
        bean.setName("mediaFastPath");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }
}
