package io.onair.rtmp.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only FLV reader (FLV spec E.2-E.4): the file's tags in order, with their 32-bit timestamps and bodies. Just
 * enough to replay a file ffmpeg wrote; the transcode module's reader is not a dependency of rtmp.
 */
final class FlvTags {
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int SCRIPT = 18;

    record Tag(int type, long timestamp, byte[] body) {
    }

    private FlvTags() {
    }

    static List<Tag> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < 13 || in.get() != 'F' || in.get() != 'L' || in.get() != 'V') {
            throw new IOException(file + " is not an FLV file");
        }
        in.position(5);
        int headerSize = in.getInt();
        in.position(headerSize + 4); // the header, then PreviousTagSize0
        List<Tag> tags = new ArrayList<>();
        while (in.remaining() >= 11) {
            int type = in.get() & 0x1F;
            int size = uint24(in);
            long timestamp = uint24(in) | (long) (in.get() & 0xFF) << 24;
            uint24(in); // stream id, always 0
            if (in.remaining() < size + 4) {
                throw new IOException(file + ": tag at " + (in.position() - 11) + " is cut off");
            }
            byte[] body = new byte[size];
            in.get(body);
            in.getInt(); // PreviousTagSize
            tags.add(new Tag(type, timestamp, body));
        }
        return tags;
    }

    private static int uint24(ByteBuffer in) {
        return (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | in.get() & 0xFF;
    }

    static boolean isAvcNalu(Tag t) {
        return t.type() == VIDEO && t.body().length > 1 && (t.body()[0] & 0x0F) == 7 && t.body()[1] == 1;
    }

    static boolean isAacRaw(Tag t) {
        return t.type() == AUDIO && t.body().length > 1 && (t.body()[0] & 0xF0) == 0xA0 && t.body()[1] == 1;
    }
}
