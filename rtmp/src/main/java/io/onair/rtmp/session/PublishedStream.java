package io.onair.rtmp.session;

import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.flv.FlvDemuxer;
import io.onair.media.flv.SequenceHeaderException;
import io.onair.media.flv.UnsupportedCodecException;
import io.onair.rtmp.MediaSink;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted publish: demuxes the FLV bodies and hands frames to the sink, counting rather than logging per
 * frame. A malformed frame is counted and skipped (the first one is logged); a run of them, a malformed sequence
 * header or an unsupported codec is rethrown to end the session. {@link #end} reaches the sink exactly once.
 */
final class PublishedStream {
    /** Consecutive malformed frames after which the stream is treated as undecodable (about 1 s of 30 fps video). */
    static final int MAX_CONSECUTIVE_BAD_FRAMES = 30;
    private static final Logger LOG = LoggerFactory.getLogger(PublishedStream.class);

    private final String sessionId;
    private final int streamId;
    private final MediaSink sink;
    private final FlvDemuxer demuxer = new FlvDemuxer();
    private long frames;
    private long badFrames;
    private int consecutiveBad;
    private boolean ended;

    PublishedStream(String sessionId, int streamId, MediaSink sink) {
        this.sessionId = sessionId;
        this.streamId = streamId;
        this.sink = sink;
    }

    int streamId() {
        return streamId;
    }

    void video(long timestamp, byte[] body) {
        deliver(() -> demuxer.video(timestamp, body));
    }

    /** The head of a video message still arriving: a keyframe's start goes to the sink at once. */
    void videoHead(long timestamp, byte[] head) {
        demuxer.keyframeStart(timestamp, head).ifPresent(k -> sink.onKeyframeStart(k.dts(), k.pts()));
    }

    void audio(long timestamp, byte[] body) {
        deliver(() -> demuxer.audio(timestamp, body));
    }

    void metadata(Map<String, Object> metadata) {
        sink.onMetadata(metadata);
    }

    private void deliver(Supplier<Optional<MediaFrame>> demux) {
        Optional<MediaFrame> frame;
        try {
            frame = demux.get();
        } catch (UnsupportedCodecException | SequenceHeaderException e) {
            throw e;
        } catch (MediaFormatException e) {
            badFrames++;
            if (badFrames == 1) {
                LOG.warn("session {}: skipped a malformed frame ({}); further ones are only counted", sessionId,
                        e.getMessage());
            }
            if (++consecutiveBad >= MAX_CONSECUTIVE_BAD_FRAMES) {
                throw new MediaFormatException(consecutiveBad + " malformed frames in a row, the last: "
                        + e.getMessage(), e);
            }
            return;
        }
        consecutiveBad = 0;
        if (frame.isPresent()) {
            frames++;
            sink.onFrame(frame.get());
        }
    }

    /** Tells the sink the session ended, once; later calls do nothing. */
    void end(boolean clean) {
        if (ended) {
            return;
        }
        ended = true;
        LOG.info("session {}: publish ended {}; {} frames, {} malformed skipped, {} before their sequence header",
                sessionId, clean ? "by the client" : "without unpublish", frames, badFrames,
                demuxer.framesBeforeConfig());
        sink.onEnd(clean);
    }
}
