package io.onair.rtmp.message;

/**
 * A message type the server recognises and does not act on: shared objects (16, 19), aggregates (22, which no
 * publisher in the field sends), and type ids the spec does not define.
 */
public record IgnoredMessage(int typeId, int streamId, int length) implements RtmpMessage {
}
