package io.onair.rtmp.message;

/** Acknowledgement (type 3): the sender has received {@code sequenceNumber} bytes (mod 2^32). */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
}
