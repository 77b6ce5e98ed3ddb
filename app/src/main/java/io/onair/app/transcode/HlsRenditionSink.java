package io.onair.app.transcode;

import io.onair.hls.HlsOrigin;
import io.onair.media.MediaFrame;
import io.onair.transcode.RenditionSink;
import java.util.Objects;

/** The transcoder's renditions go into the HLS origin, packaged by the same code as the source. */
final class HlsRenditionSink implements RenditionSink {
    private final HlsOrigin origin;

    HlsRenditionSink(HlsOrigin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    @Override
    public void renditionStarted(String channel, String rendition) {
        origin.renditionStarted(channel, rendition);
    }

    @Override
    public void renditionFrame(String channel, String rendition, MediaFrame frame) {
        origin.renditionFrame(channel, rendition, frame);
    }

    @Override
    public void renditionEnded(String channel, String rendition, String reason) {
        origin.renditionEnded(channel, rendition, reason);
    }

    @Override
    public void renditionSourceEnded(String channel, String rendition) {
        origin.renditionSourceEnded(channel, rendition);
    }
}
