package io.onair.rtmp.testing;

import io.onair.media.MediaFrame;
import io.onair.rtmp.IngestHandler;
import io.onair.rtmp.MediaSink;
import io.onair.rtmp.PublishDecision;
import io.onair.rtmp.PublishRequest;
import io.onair.rtmp.PublishSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An {@link IngestHandler} that accepts one stream key and records everything it is given. Thread-safe. */
public final class RecordingIngestHandler implements IngestHandler {
    public final List<PublishRequest> requests = new CopyOnWriteArrayList<>();
    public final List<PublishSession> sessions = new CopyOnWriteArrayList<>();
    public final List<MediaFrame> frames = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> metadata = new CopyOnWriteArrayList<>();
    public final List<Boolean> ends = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final String acceptedKey;

    public RecordingIngestHandler(String acceptedKey) {
        this.acceptedKey = acceptedKey;
    }

    @Override
    public PublishDecision publish(PublishRequest request, PublishSession session) {
        requests.add(request);
        sessions.add(session);
        if (!request.streamKey().equals(acceptedKey)) {
            return new PublishDecision.Rejected("unknown stream key " + request.streamKey());
        }
        return new PublishDecision.Accepted(new MediaSink() {
            @Override
            public void onMetadata(Map<String, Object> values) {
                metadata.add(values);
            }

            @Override
            public void onFrame(MediaFrame frame) {
                frames.add(frame);
            }

            @Override
            public void onEnd(boolean clean) {
                ends.add(clean);
                ended.countDown();
            }
        });
    }

    public boolean awaitEnd(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    public <T extends MediaFrame> List<T> frames(Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
