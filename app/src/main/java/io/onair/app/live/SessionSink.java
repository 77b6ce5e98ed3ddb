package io.onair.app.live;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A {@link FrameSink} on a Spring WebSocket session. On the servlet container (a JSR 356 session underneath) a burst
 * of frames goes out as one batch: Tomcat copies them into its 8 KiB output buffer and writes it when full or when
 * batching is switched off again, so 30 chat frames queued behind a slow moment cost one socket write, not 30.
 * Batching is on only inside {@link #send}, so the container's own frames (a pong, the close frame) are never held
 * back in the buffer.
 */
final class SessionSink implements FrameSink {
    private final WebSocketSession session;
    private final RemoteEndpoint.Basic remote; // null: not a JSR 356 session, frames are sent one by one

    SessionSink(WebSocketSession session) {
        this.session = session;
        Session jsr = session instanceof NativeWebSocketSession n ? n.getNativeSession(Session.class) : null;
        this.remote = jsr == null ? null : jsr.getBasicRemote();
    }

    @Override
    public void send(List<TextMessage> frames) throws IOException {
        if (remote == null) {
            for (TextMessage frame : frames) {
                session.sendMessage(frame);
            }
            return;
        }
        if (frames.size() == 1) {
            remote.sendText(frames.getFirst().getPayload()); // straight from the frame: no copy into the buffer
            return;
        }
        remote.setBatchingAllowed(true);
        try {
            for (TextMessage frame : frames) {
                remote.sendText(frame.getPayload());
            }
        } finally {
            remote.setBatchingAllowed(false); // flushes what is buffered
        }
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close(CloseStatus status) throws IOException {
        session.close(status);
    }
}
