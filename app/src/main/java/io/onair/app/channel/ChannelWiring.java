package io.onair.app.channel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory mirror of the channel table, loaded once at start (after Flyway has migrated). */
@Configuration(proxyBeanMethods = false)
public class ChannelWiring {
    @Bean
    ChannelCatalog channelCatalog(ChannelRepository channels, io.onair.app.account.AccountRepository accounts) {
        ChannelCatalog catalog = new ChannelCatalog(channels.all());
        accounts.suspendedUsernames().forEach(name -> catalog.setSuspended(name, true));
        return catalog;
    }
}
