package io.onair.bench.flv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An FLV file read whole into memory (a 70 s, 2.5 Mbit/s input is about 23 MB), so replay never waits on disk. */
public record FlvFile(List<FlvTag> tags) {

    public static FlvFile read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        if (b.remaining() < 13 || b.get(0) != 'F' || b.get(1) != 'L' || b.get(2) != 'V') {
            throw new IOException(path + " is not an FLV file");
        }
        int headerSize = b.getInt(5);
        b.position(headerSize + 4); // the header, then PreviousTagSize0
        List<FlvTag> tags = new ArrayList<>();
        while (b.remaining() >= 11) {
            int type = b.get() & 0x1f;
            int size = u24(b);
            long ts = u24(b) | ((long) (b.get() & 0xff) << 24);
            u24(b); // stream id, always 0
            if (b.remaining() < size + 4) {
                break; // a truncated last tag: ffmpeg killed mid-write
            }
            byte[] body = new byte[size];
            b.get(body);
            b.getInt(); // PreviousTagSize
            tags.add(new FlvTag(type, ts, body));
        }
        return new FlvFile(List.copyOf(tags));
    }

    /** Media time of the last tag, in milliseconds. */
    public long durationMs() {
        return tags.isEmpty() ? 0 : tags.getLast().timestampMs();
    }

    private static int u24(ByteBuffer b) {
        return ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
    }
}
