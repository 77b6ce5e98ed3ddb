package io.onair.bench.rtmp;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles the server's chunk stream into messages: chunk formats 0-3, extended timestamps, interleaved chunk
 * streams and the server's Set Chunk Size. Enough to read command answers; a publisher receives little else.
 */
final class ChunkReader {
    private static final int MAX_MESSAGE = 1 << 20; // the server sends commands and control messages only

    private final DataInputStream in;
    private final Map<Integer, State> streams = new HashMap<>();
    private int chunkSize = 128;

    ChunkReader(DataInputStream in) {
        this.in = in;
    }

    private static final class State {
        long timestamp;
        long delta;
        int length;
        int type;
        int streamId;
        boolean extended;
        byte[] buffer;
        int filled;
    }

    RtmpMessage next() throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int fmt = b0 >>> 6;
            int csid = b0 & 0x3f;
            if (csid == 0) {
                csid = 64 + in.readUnsignedByte();
            } else if (csid == 1) {
                csid = 64 + in.readUnsignedByte() + 256 * in.readUnsignedByte();
            }
            State s = streams.computeIfAbsent(csid, k -> new State());
            boolean starting = s.buffer == null;
            if (fmt <= 2) {
                long ts = u24();
                if (fmt <= 1) {
                    s.length = u24();
                    s.type = in.readUnsignedByte();
                    if (fmt == 0) {
                        s.streamId = Integer.reverseBytes(in.readInt());
                    }
                }
                s.extended = ts == 0xffffff;
                if (s.extended) {
                    ts = in.readInt() & 0xffffffffL;
                }
                if (fmt == 0) {
                    s.timestamp = ts;
                    s.delta = 0;
                } else {
                    s.delta = ts;
                    s.timestamp += ts;
                }
            } else {
                if (s.extended) {
                    in.readInt();
                }
                if (starting) {
                    s.timestamp += s.delta;
                }
            }
            if (s.length > MAX_MESSAGE) {
                throw new IOException("server message of " + s.length + " bytes on chunk stream " + csid);
            }
            if (starting) {
                s.buffer = new byte[s.length];
                s.filled = 0;
            }
            int n = Math.min(chunkSize, s.length - s.filled);
            in.readFully(s.buffer, s.filled, n);
            s.filled += n;
            if (s.filled == s.length) {
                RtmpMessage m = new RtmpMessage(s.type, s.streamId, s.timestamp, s.buffer);
                s.buffer = null;
                if (m.type() == RtmpMessage.SET_CHUNK_SIZE && m.payload().length >= 4) {
                    chunkSize = ((m.payload()[0] & 0x7f) << 24) | ((m.payload()[1] & 0xff) << 16)
                            | ((m.payload()[2] & 0xff) << 8) | (m.payload()[3] & 0xff);
                }
                return m;
            }
        }
    }

    private int u24() throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }
}
