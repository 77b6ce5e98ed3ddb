package io.onair.rtmp.message;

/** Window Acknowledgement Size (type 5): acknowledge every {@code size} bytes received from the sender. */
public record WindowAckSize(long size) implements RtmpMessage {
}
