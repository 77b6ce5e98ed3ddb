package io.onair.app.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code onair.http.*}: the HTTP server's own tuning (application.yml gives the reasons).
 *
 * @param socketWriteBuffer Tomcat's per-connection socket write buffer ({@link SocketWriteBuffer})
 * @param socketDirectBuffer whether Tomcat's per-connection socket buffers are direct (off-heap) buffers
 */
@ConfigurationProperties("onair.http")
public record HttpProperties(@DefaultValue("64KB") DataSize socketWriteBuffer,
        @DefaultValue("true") boolean socketDirectBuffer) {
    public HttpProperties {
        if (socketWriteBuffer.toBytes() < 1024 || socketWriteBuffer.toBytes() > 1024 * 1024) {
            throw new IllegalArgumentException("onair.http.socket-write-buffer: must be between 1KB and 1MB");
        }
    }
}
