package io.onair.app.wiring;

import io.onair.app.account.PasswordResets;
import io.onair.app.config.OnairProperties;
import io.onair.app.ingest.ChannelKeys;
import io.onair.app.ingest.PublishUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the operator, once everything listens, what to open and what to type into OBS. */
@Component
class StartupBanner {
    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final OnairProperties properties;
    private final ChannelKeys keys;
    private final PublishUrl publishUrl;
    private final MediaLifecycle media;
    private final PasswordResets resets;

    StartupBanner(OnairProperties properties, ChannelKeys keys, PublishUrl publishUrl, MediaLifecycle media,
            PasswordResets resets) {
        this.properties = properties;
        this.keys = keys;
        this.publishUrl = publishUrl;
        this.media = media;
        this.resets = resets;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        int httpPort = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        String rtmpServer = publishUrl.server(Optional.empty(), hostName());
        StringBuilder b = new StringBuilder("\n\n  Onair is running.\n")
                .append("    Open:        http://localhost:").append(httpPort).append("/\n");
        if (properties.demo().enabled()) {
            b.append("    Demo stream: http://localhost:").append(httpPort).append('/')
                    .append(properties.demo().channel()).append('\n');
        }
        media.mediaPort().ifPresent(port -> b.append("    Media port:  http://localhost:").append(port)
                .append("/live/{channel}/master.m3u8   (HLS/DASH for CDNs and large audiences)\n"));
        b.append("    Metrics:     http://localhost:").append(httpPort).append("/actuator/prometheus\n")
                .append("    Data:        ").append(properties.dataDir().toAbsolutePath().normalize()).append("\n\n")
                .append("  OBS: Settings > Stream > Service: Custom\n")
                .append("    Server:      ").append(rtmpServer).append('\n');
        for (String channel : keys.channels()) {
            if (properties.demo().enabled() && channel.equals(properties.demo().channel())
                    || keys.keyOf(channel).isEmpty()) {
                // The demo's key is its own business; account channels' keys are shown to their owners only.
                continue;
            }
            String key = properties.ingest().printKeys() ? keys.keyOf(channel).orElseThrow()
                    : "(hidden: onair.ingest.print-keys=false; see onair.ingest.keys or " + properties.dataDir()
                            + "/stream-keys.properties)";
            b.append("    Stream key:  ").append(key)
                    .append("   (channel '").append(channel).append("', watch at http://localhost:")
                    .append(httpPort).append('/').append(channel).append(")\n");
        }
        String reset = properties.admin().resetPassword();
        if (!reset.isEmpty()) {
            b.append('\n').append(resets.issueByOperator(reset)
                    .map(i -> "  Password reset for '" + reset + "' (onair.admin.reset-password; once, until "
                            + i.expiresAt() + "):\n    http://localhost:" + httpPort + i.path()
                            + "\n  Take onair.admin.reset-password out once used: each start issues a new link.\n")
                    .orElse("  onair.admin.reset-password: no account named '" + reset + "' (nothing issued)\n"));
        }
        log.info(b.toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
