package io.onair.app.ingest;

import io.onair.media.MediaFrame;
import io.onair.rtmp.MediaSink;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import java.util.Map;

/** Adapts one RTMP session's media to its {@link Publication}. */
final class PublicationSink implements MediaSink {
    private final Publication publication;

    PublicationSink(Publication publication) {
        this.publication = publication;
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        publication.onMetadata(metadata);
    }

    @Override
    public void onFrame(MediaFrame frame) {
        publication.write(frame);
    }

    @Override
    public void onKeyframeStart(long dts, long pts) {
        publication.keyframeStart(dts, pts);
    }

    @Override
    public void onEnd(boolean clean) {
        // A publication already ended by a takeover keeps that reason: end() is idempotent.
        publication.end(clean ? EndReason.CLEAN : EndReason.DISCONNECTED);
    }
}
