package io.onair.app.restream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelService;
import io.onair.stream.StreamRegistry;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Restreaming ({@code onair.restream.*}): the pushes' event loop, the {@link Restreamer} on the registry, and the
 * owner's API behind {@link RestreamService}.
 */
@Configuration(proxyBeanMethods = false)
public class RestreamWiring {
    /**
     * One thread: a push is a few messages per frame out and an acknowledgement now and then in; the copying is in
     * the kernel. Separate from the ingest's loops, so a destination's TLS never runs on a publisher's thread.
     */
    @Bean(destroyMethod = "shutdownGracefully")
    static EventLoopGroup restreamEventLoop() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("restream-io", true),
                NioIoHandler.newFactory());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    static Restreamer restreamer(StreamRegistry registry, ChannelCatalog catalog, RestreamRepository repository,
            EventLoopGroup restreamEventLoop, InstantSource clock,
            @Value("${onair.restream.allow-private:false}") boolean allowPrivate) {
        return new Restreamer(registry, catalog, repository, restreamEventLoop, clock, allowPrivate);
    }

    @Bean
    static RestreamService restreamService(ChannelService channels, RestreamRepository repository,
            Restreamer restreamer, InstantSource clock,
            @Value("${onair.restream.allow-private:false}") boolean allowPrivate) {
        return new RestreamService(channels, repository, restreamer, allowPrivate, clock);
    }
}
