package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * The running Tomcat uses {@code onair.http.socket-write-buffer} (64 KB by default) as its per-connection socket write
 * buffer: the setting behind segment delivery at nginx's speed (docs/benchmarks.md, section 2).
 */
class SocketWriteBufferTest extends LiveServerTest {
    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void tomcatsSocketWriteBufferIsTheConfiguredSize() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        assertThat(String.valueOf(server.getTomcat().getConnector().getProperty("socket.appWriteBufSize")))
                .isEqualTo("65536");
        assertThat(String.valueOf(server.getTomcat().getConnector().getProperty("socket.directBuffer")))
                .as("direct buffers by default: one copy less per response body").isEqualTo("true");
        assertThat(server.getTomcat().getConnector().getProperty("processorCache"))
                .as("server.tomcat.processor-cache from application.yml").isEqualTo(4096);
    }
}
