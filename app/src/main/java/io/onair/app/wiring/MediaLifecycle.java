package io.onair.app.wiring;

import io.onair.origin.OriginServer;
import io.onair.rtmp.RtmpServer;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the media port and then the RTMP listener after the web server (a phase above the web server's), and stops
 * RTMP first: publishers are disconnected while both HTTP ports can still serve the final playlists.
 */
public final class MediaLifecycle implements SmartLifecycle {
    /** Above the embedded web server's phase, below the demo publisher's. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private final RtmpServer rtmp;
    private final Optional<OriginServer> mediaPort;
    private volatile boolean running;

    MediaLifecycle(RtmpServer rtmp, Optional<OriginServer> mediaPort) {
        this.rtmp = rtmp;
        this.mediaPort = mediaPort;
    }

    @Override
    public void start() {
        mediaPort.ifPresent(OriginServer::start);
        try {
            rtmp.start();
        } catch (RuntimeException e) {
            mediaPort.ifPresent(OriginServer::close);
            throw e;
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        rtmp.close();
        mediaPort.ifPresent(OriginServer::close);
    }

    /** The media port actually bound, once started; empty when it is off ({@code onair.http.media-port: -1}). */
    public OptionalInt mediaPort() {
        return running && mediaPort.isPresent() ? OptionalInt.of(mediaPort.get().port()) : OptionalInt.empty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
