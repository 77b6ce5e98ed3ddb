package io.onair.rtmp.chunk;

/** Chunk stream ids the server sends on. Any id is valid; these are what FMS, nginx-rtmp and OBS use. */
public final class ChunkStreamIds {
    /** Protocol control and user control messages must use chunk stream 2 (RTMP spec 5.4). */
    public static final int CONTROL = 2;
    /** Commands on the NetConnection (message stream 0). */
    public static final int COMMAND = 3;
    /** Commands and data on a NetStream. */
    public static final int STREAM = 5;

    /** The largest id a 3-byte basic header can carry: 65599. */
    public static final int MAX = 65_599;

    private ChunkStreamIds() {
    }
}
