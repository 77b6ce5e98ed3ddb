package io.onair.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One off-heap copy of each part and segment being served, shared by every viewer's response. A heap array handed
 * to a socket is copied into a direct buffer first, per write (Netty's epoll transport, like the JDK's channels,
 * can only give the kernel native memory): 2,000 viewers of a 157 KB part cost 2,000 such copies; with this, one.
 *
 * <p>Keyed weakly by the body array's identity: an entry lives as long as the origin still holds the part or
 * segment (while it is in the live window), then the garbage collector drops both. The buffers wrap JDK direct
 * buffers, freed by the collector too, never by a release: each response writes a retained duplicate.
 */
final class DirectBodies {
    /** Below this a copy per write costs less than the lookup. */
    static final int MIN_BYTES = 16 * 1024;

    private final Map<byte[], ByteBuf> copies = new WeakHashMap<>();

    /** A buffer of {@code body}'s bytes for one write: release it (writing it does). */
    ByteBuf of(byte[] body) {
        if (body.length < MIN_BYTES) {
            return Unpooled.wrappedBuffer(body);
        }
        ByteBuf shared;
        synchronized (copies) {
            shared = copies.get(body);
            if (shared == null) {
                ByteBuffer direct = ByteBuffer.allocateDirect(body.length);
                direct.put(body).flip();
                shared = Unpooled.wrappedBuffer(direct);
                copies.put(body, shared);
            }
        }
        return shared.retainedDuplicate();
    }

    int size() {
        synchronized (copies) {
            return copies.size();
        }
    }
}
