package io.onair.transcode;

import io.onair.media.MediaFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads an FLV stream (FLV spec v10.1 E.2-E.3) tag by tag: what ffmpeg writes to our sockets. Not thread-safe.
 */
public final class FlvStreamReader {
    /**
     * The largest tag accepted. 4 MiB: a 1080p keyframe at 50 Mbit/s is under 1 MiB; anything larger is a corrupt
     * size field, and must not make us allocate it.
     */
    public static final int MAX_TAG_SIZE = 4 << 20;

    private final InputStream in;
    private final byte[] header = new byte[11];
    private boolean headerRead;

    public FlvStreamReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next tag, or empty at a clean end of stream (between tags).
     *
     * @throws MediaFormatException on a malformed header or tag
     * @throws EOFException         when the stream ends inside a tag
     */
    public Optional<FlvTag> next() throws IOException {
        if (!headerRead) {
            readFileHeader();
            headerRead = true;
        }
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        header[0] = (byte) first;
        if (in.readNBytes(header, 1, 10) < 10) {
            throw new EOFException("FLV stream ended inside a tag header");
        }
        int type = header[0] & 0x1F; // the upper bits are Reserved and Filter (encryption), never set by ffmpeg
        if ((header[0] & 0x20) != 0) {
            throw new MediaFormatException("FLV tag is marked encrypted (Filter bit)");
        }
        int size = (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF;
        long ts = (header[4] & 0xFFL) << 16 | (header[5] & 0xFFL) << 8 | header[6] & 0xFFL
                | (header[7] & 0xFFL) << 24;
        if (size > MAX_TAG_SIZE) {
            throw new MediaFormatException("FLV tag of " + size + " bytes is above the " + MAX_TAG_SIZE
                    + "-byte limit");
        }
        byte[] body = readFully(size);
        readFully(4); // PreviousTagSize: redundant for a sequential reader
        if (type != FlvTag.AUDIO && type != FlvTag.VIDEO && type != FlvTag.SCRIPT) {
            throw new MediaFormatException("FLV tag type " + type + " is not 8, 9 or 18");
        }
        return Optional.of(new FlvTag(type, ts, body));
    }

    private void readFileHeader() throws IOException {
        byte[] h = readFully(9);
        if (h[0] != 'F' || h[1] != 'L' || h[2] != 'V') {
            throw new MediaFormatException("not an FLV stream (no 'FLV' signature)");
        }
        int offset = (h[5] & 0xFF) << 24 | (h[6] & 0xFF) << 16 | (h[7] & 0xFF) << 8 | h[8] & 0xFF;
        if (offset < 9 || offset > 1024) {
            throw new MediaFormatException("FLV header size " + offset + " is not 9..1024");
        }
        readFully(offset - 9);
        readFully(4); // PreviousTagSize0
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("FLV stream ended inside a tag (" + b.length + " of " + n + " bytes)");
        }
        return b;
    }
}
