package io.onair.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.RtmpProtocolException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP spec 5.3) into {@link RawMessage}s.
 *
 * <p>Handles basic headers of 1-3 bytes, message headers of fmt 0-3, extended timestamps (also on fmt 3 chunks,
 * which librtmp/OBS and ffmpeg both send after an extended header; a continuation chunk whose next four bytes
 * are not that timestamp is read as payload, for the few encoders that omit it, as SRS does), interleaved chunk
 * streams, and the protocol control messages that belong to this layer: Set Chunk Size (1) and Abort (2) take
 * effect for the very next chunk, Window Acknowledgement Size (5) sets when {@link AckDue} fires. They are also
 * passed on, for the wire trace.
 *
 * <p>Explicit states, like netty's {@code MqttDecoder}: after a protocol error the decoder stays in
 * {@code BAD_MESSAGE} and discards input until the connection closes.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {
    static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int[] MESSAGE_HEADER_SIZE = {11, 7, 3, 0};
    private static final int MAX_INITIAL_BUFFER = 64 * 1024;
    /** Enough of a video tag's body for either header form: legacy 5 bytes, Enhanced RTMP 8 (FourCC and CTS). */
    static final int VIDEO_HEAD_BYTES = 8;
    private static final int TYPE_VIDEO = 9;

    private enum State { READ_HEADER, READ_PAYLOAD, BAD_MESSAGE }

    private final RtmpLimits limits;
    /** Bytes of unfinished messages over all chunk streams: interleaving may not multiply the message limit. */
    private final long maxBufferedBytes;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private State state = State.READ_HEADER;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private ChunkStream current;
    private int chunkLeft;
    private long bufferedBytes;
    private long windowSize;
    private long bytesReceived;
    private long lastAcknowledged;

    /** @param windowSize the acknowledgement window until the peer sets one (0: no acknowledgements) */
    public ChunkDecoder(RtmpLimits limits, long windowSize) {
        this.limits = limits;
        this.maxBufferedBytes = 2L * limits.maxMessageSize();
        this.windowSize = windowSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            bytesReceived += buf.readableBytes();
        }
        super.channelRead(ctx, msg);
        if (windowSize > 0 && bytesReceived - lastAcknowledged >= windowSize && ctx.channel().isActive()) {
            lastAcknowledged = bytesReceived;
            ctx.fireUserEventTriggered(new AckDue(bytesReceived & 0xFFFF_FFFFL));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (true) {
                switch (state) {
                    case READ_HEADER -> {
                        if (!readHeader(ctx, in, out)) {
                            return;
                        }
                    }
                    case READ_PAYLOAD -> {
                        if (!readPayload(in, out)) {
                            return;
                        }
                    }
                    case BAD_MESSAGE -> {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                }
            }
        } catch (RtmpProtocolException e) {
            state = State.BAD_MESSAGE;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 1) {
            return false;
        }
        int b0 = in.getUnsignedByte(start);
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        int at = 1;
        if (csid == 0) {
            if (available < 2) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(start + 1);
            at = 2;
        } else if (csid == 1) {
            if (available < 3) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(start + 1) + 256 * in.getUnsignedByte(start + 2);
            at = 3;
        }
        if (available < at + MESSAGE_HEADER_SIZE[fmt]) {
            return false;
        }
        ChunkStream cs = streams.get(csid);
        if (cs == null && fmt != 0) {
            throw new RtmpProtocolException("chunk stream " + csid + " starts with a fmt " + fmt
                    + " header, which needs a previous header");
        }
        int field = at;
        at += MESSAGE_HEADER_SIZE[fmt];
        long timestampField = fmt <= 2 ? in.getUnsignedMedium(start + field) : 0;
        boolean newMessage = cs == null || cs.partial == null;
        boolean extended = fmt <= 2 ? timestampField == 0xFFFFFF : cs.extended;
        long extendedValue = 0;
        if (extended) {
            if (available < at + 4) {
                return false;
            }
            extendedValue = in.getUnsignedInt(start + at);
            // On a continuation chunk the field is optional in practice: consume it only if it repeats the value.
            if (fmt != 3 || newMessage || extendedValue == cs.extendedValue) {
                at += 4;
            }
        }
        if (!newMessage && fmt != 3) {
            throw new RtmpProtocolException("fmt " + fmt + " chunk on chunk stream " + csid + " interrupts a "
                    + cs.length + "-byte message with " + cs.remaining() + " bytes to go");
        }
        if (cs == null) {
            if (streams.size() >= limits.maxChunkStreams()) {
                throw new RtmpProtocolException("more than " + limits.maxChunkStreams() + " chunk streams open");
            }
            cs = new ChunkStream(csid);
            streams.put(csid, cs);
        }
        long timestampValue = extended ? extendedValue : timestampField;
        switch (fmt) {
            case 0 -> {
                cs.timestamp = timestampValue;
                cs.timestampDelta = timestampValue;
                cs.length = in.getUnsignedMedium(start + field + 3);
                cs.typeId = in.getUnsignedByte(start + field + 6);
                cs.streamId = in.getIntLE(start + field + 7);
            }
            case 1 -> {
                cs.timestampDelta = timestampValue;
                cs.timestamp = (cs.timestamp + timestampValue) & 0xFFFF_FFFFL;
                cs.length = in.getUnsignedMedium(start + field + 3);
                cs.typeId = in.getUnsignedByte(start + field + 6);
            }
            case 2 -> {
                cs.timestampDelta = timestampValue;
                cs.timestamp = (cs.timestamp + timestampValue) & 0xFFFF_FFFFL;
            }
            default -> {
                if (newMessage) {
                    cs.timestamp = (cs.timestamp + cs.timestampDelta) & 0xFFFF_FFFFL;
                }
            }
        }
        if (fmt <= 2) {
            cs.extended = extended;
            cs.extendedValue = extendedValue;
        }
        in.readerIndex(start + at);
        if (newMessage) {
            if (cs.length > limits.maxMessageSize()) {
                throw new RtmpProtocolException("message of " + cs.length + " bytes (type " + cs.typeId
                        + ") exceeds the limit of " + limits.maxMessageSize());
            }
            if (cs.length == 0) {
                out.add(new RawMessage(csid, cs.timestamp, cs.typeId, cs.streamId, Unpooled.EMPTY_BUFFER));
                return true;
            }
            if (bufferedBytes + cs.length > maxBufferedBytes) {
                throw new RtmpProtocolException("interleaved messages would buffer " + (bufferedBytes + cs.length)
                        + " bytes, over the limit of " + maxBufferedBytes);
            }
            bufferedBytes += cs.length;
            cs.partial = ctx.alloc().buffer(Math.min(cs.length, MAX_INITIAL_BUFFER), cs.length);
            cs.headAnnounced = false;
        }
        current = cs;
        chunkLeft = Math.min(chunkSize, cs.remaining());
        state = State.READ_PAYLOAD;
        return true;
    }

    private boolean readPayload(ByteBuf in, List<Object> out) {
        int n = Math.min(chunkLeft, in.readableBytes());
        if (n == 0) {
            return false;
        }
        current.partial.writeBytes(in, n);
        chunkLeft -= n;
        announceVideo(current, out);
        if (chunkLeft > 0) {
            return false;
        }
        state = State.READ_HEADER;
        ChunkStream cs = current;
        current = null;
        if (cs.remaining() == 0) {
            ByteBuf payload = cs.partial;
            cs.partial = null;
            bufferedBytes -= cs.length;
            RawMessage message = new RawMessage(cs.id, cs.timestamp, cs.typeId, cs.streamId, payload);
            out.add(message);
            applyControl(message);
        }
        return true;
    }

    /**
     * Passes on the head of a video message as soon as its first {@link #VIDEO_HEAD_BYTES} bytes are in and more
     * are to come (once per message): see {@link VideoMessageHead}. Messages that arrive whole get none.
     */
    private static void announceVideo(ChunkStream cs, List<Object> out) {
        if (cs.typeId != TYPE_VIDEO || cs.headAnnounced || cs.partial.writerIndex() < VIDEO_HEAD_BYTES
                || cs.remaining() == 0) {
            return;
        }
        cs.headAnnounced = true;
        byte[] head = new byte[VIDEO_HEAD_BYTES];
        cs.partial.getBytes(0, head);
        out.add(new VideoMessageHead(cs.id, cs.timestamp, cs.streamId, head));
    }

    /** Protocol control messages this layer acts on itself (RTMP spec 5.4.1, 5.4.2, 5.4.4). */
    private void applyControl(RawMessage message) {
        if (message.streamId() != 0 || message.typeId() > 5 || message.typeId() == 3 || message.typeId() == 4) {
            return;
        }
        ByteBuf payload = message.content();
        if (payload.readableBytes() < 4) {
            throw new RtmpProtocolException("protocol control message type " + message.typeId() + " has "
                    + payload.readableBytes() + " bytes, not 4");
        }
        long value = payload.getUnsignedInt(payload.readerIndex());
        switch (message.typeId()) {
            case 1 -> {
                long size = value & 0x7FFF_FFFFL;
                if (size < 1 || size > limits.maxChunkSize()) {
                    throw new RtmpProtocolException("Set Chunk Size " + size + " is outside 1.."
                            + limits.maxChunkSize());
                }
                chunkSize = (int) size;
            }
            case 2 -> {
                ChunkStream aborted = streams.get((int) value);
                if (aborted != null && aborted.partial != null) {
                    bufferedBytes -= aborted.length;
                    aborted.discard();
                }
            }
            case 5 -> windowSize = value;
            default -> {
            }
        }
    }

    /** The peer's current chunk size, for tests and the trace. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        streams.values().forEach(ChunkStream::discard);
        streams.clear();
        bufferedBytes = 0;
    }
}
