package io.onair.app.channel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory mirror of the channel table, loaded once at start (after Flyway has migrated). */
@Configuration(proxyBeanMethods = false)
public class ChannelWiring {
    @Bean
    ChannelCatalog channelCatalog(ChannelRepository channels) {
        return new ChannelCatalog(channels.all());
    }
}
