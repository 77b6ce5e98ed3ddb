package io.onair.rtmp.chunk;

/**
 * User event from the {@link ChunkDecoder}: the bytes received passed another acknowledgement window, so an
 * Acknowledgement (type 3) carrying {@code sequenceNumber} is due (RTMP spec 5.4.3).
 *
 * @param sequenceNumber the bytes received so far, modulo 2^32
 */
public record AckDue(long sequenceNumber) {
}
