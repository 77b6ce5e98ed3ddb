package io.onair.app.live;

import java.io.IOException;
import java.util.List;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * The socket end of a {@link Connection}: what its writer needs and nothing more, so the writer is tested with fakes
 * (a socket that blocks, one that records) and runs on Tomcat through {@link SessionSink}. Called by one writer at a
 * time.
 */
interface FrameSink {
    /** Writes the frames in order, in as few socket writes as the container allows; blocks while the socket is full. */
    void send(List<TextMessage> frames) throws IOException;

    boolean isOpen();

    void close(CloseStatus status) throws IOException;
}
