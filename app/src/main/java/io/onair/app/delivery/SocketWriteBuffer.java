package io.onair.app.delivery;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's per-connection socket write buffer ({@code socket.appWriteBufSize}, 8 KiB by default). A response body
 * larger than it is written to the socket in slices of its size, one {@code write(2)} each, and for a heap array the
 * JDK first copies each slice into a temporary direct buffer: a 641 KB segment is 79 system calls at 8 KiB, and
 * segment delivery ran at 0.57 x nginx's; at 64 KiB at 1.0 x (docs/benchmarks.md, section 2). The buffer is
 * allocated per open connection, so its size is memory times connections: {@code onair.http.socket-write-buffer}.
 * With {@code onair.http.socket-direct-buffer} (the default) the buffers are direct, so the JDK writes them to the
 * socket as they are instead of copying each into a temporary direct buffer first: one copy of every response body
 * less (docs/benchmarks.md, section 7.2).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
public class SocketWriteBuffer {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketWriteBufferCustomizer(HttpProperties http) {
        String bytes = Long.toString(http.socketWriteBuffer().toBytes());
        String direct = Boolean.toString(http.socketDirectBuffer());
        return factory -> factory.addConnectorCustomizers(c -> {
            c.setProperty("socket.appWriteBufSize", bytes);
            c.setProperty("socket.directBuffer", direct);
        });
    }
}
