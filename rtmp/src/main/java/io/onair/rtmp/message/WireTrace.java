package io.onair.rtmp.message;

import io.onair.rtmp.chunk.RawMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line-per-message wire trace: {@code << csid=3 type=20 len=187 connect}. Enable logger
 * {@code io.onair.rtmp.wire} at DEBUG for everything but media, at TRACE for audio and video too.
 */
final class WireTrace {
    static final Logger LOG = LoggerFactory.getLogger("io.onair.rtmp.wire");

    private WireTrace() {
    }

    static boolean enabled(int typeId) {
        return isMedia(typeId) ? LOG.isTraceEnabled() : LOG.isDebugEnabled();
    }

    static void log(String direction, RawMessage raw, RtmpMessage message) {
        String line = direction + " csid=" + raw.chunkStreamId() + " type=" + raw.typeId() + " len="
                + raw.content().readableBytes() + " " + describe(message);
        if (isMedia(raw.typeId())) {
            LOG.trace(line);
        } else {
            LOG.debug(line);
        }
    }

    private static boolean isMedia(int typeId) {
        return typeId == MessageType.AUDIO || typeId == MessageType.VIDEO;
    }

    private static String describe(RtmpMessage message) {
        return switch (message) {
            case CommandMessage m -> m.name() + (m.transactionId() != 0 ? " txn=" + (long) m.transactionId() : "");
            case DataMessage m -> m.values().isEmpty() ? "data" : String.valueOf(m.values().get(0));
            case AudioMessage m -> "audio ts=" + m.timestamp();
            case VideoMessage m -> "video ts=" + m.timestamp();
            default -> message.toString();
        };
    }
}
