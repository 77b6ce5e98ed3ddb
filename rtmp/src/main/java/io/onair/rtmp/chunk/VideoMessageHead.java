package io.onair.rtmp.chunk;

/**
 * The first bytes of a video message (type 9) whose remaining chunks are still to come, passed up the pipeline
 * ahead of the message itself. A keyframe of a few hundred kilobytes arrives over tens to hundreds of milliseconds
 * on an encoder's uplink; its first bytes already say that it is a keyframe and when, which is all the packager
 * needs to close the segment before it (the segment's own frames are all in). The whole message follows as a
 * {@link RawMessage} as usual, or never, if the connection ends or the peer aborts it: a head promises nothing.
 *
 * @param timestamp the message's 32-bit timestamp in milliseconds, as the whole message will carry it
 * @param head      a copy of the first {@link ChunkDecoder#VIDEO_HEAD_BYTES} bytes of the body
 */
public record VideoMessageHead(int chunkStreamId, long timestamp, int streamId, byte[] head) {
}
