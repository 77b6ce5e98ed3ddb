package io.onair.app.wiring;

import io.onair.rtmp.RtmpServer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the RTMP listener after the web server (a phase above the web server's), and stops it before: publishers
 * are disconnected while the HTTP side can still serve the final playlists.
 */
final class MediaLifecycle implements SmartLifecycle {
    /** Above the embedded web server's phase, below the demo publisher's. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private final RtmpServer rtmp;
    private volatile boolean running;

    MediaLifecycle(RtmpServer rtmp) {
        this.rtmp = rtmp;
    }

    @Override
    public void start() {
        rtmp.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        rtmp.close();
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
