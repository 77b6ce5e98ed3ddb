package io.onair.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.onair.rtmp.RtmpProtocolException;
import io.onair.rtmp.amf0.Amf0Decoder;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.amf0.Amf0Encoder;
import io.onair.rtmp.chunk.ChunkStreamIds;
import io.onair.rtmp.chunk.RawMessage;
import java.util.ArrayList;
import java.util.List;

/** Maps {@link RawMessage}s to {@link RtmpMessage} records and back: one switch on the type id each way. */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** Decodes a message; does not release it. */
    public static RtmpMessage decode(RawMessage raw) {
        ByteBuf in = raw.content().duplicate();
        int streamId = raw.streamId();
        return switch (raw.typeId()) {
            case MessageType.SET_CHUNK_SIZE -> new SetChunkSize((int) (uint32(in, raw) & 0x7FFF_FFFF));
            case MessageType.ABORT -> new AbortMessage((int) uint32(in, raw));
            case MessageType.ACKNOWLEDGEMENT -> new Acknowledgement(uint32(in, raw));
            case MessageType.USER_CONTROL -> decodeUserControl(in);
            case MessageType.WINDOW_ACK_SIZE -> new WindowAckSize(uint32(in, raw));
            case MessageType.SET_PEER_BANDWIDTH -> {
                long size = uint32(in, raw);
                // Some clients send the 4-byte size without the limit type; treat it as dynamic.
                yield new SetPeerBandwidth(size, in.isReadable() ? in.readUnsignedByte() : SetPeerBandwidth.DYNAMIC);
            }
            case MessageType.AUDIO -> new AudioMessage(streamId, raw.timestamp(), bytes(in));
            case MessageType.VIDEO -> new VideoMessage(streamId, raw.timestamp(), bytes(in));
            case MessageType.DATA_AMF0 -> new DataMessage(streamId, raw.timestamp(), Amf0Decoder.decodeAll(in));
            case MessageType.DATA_AMF3 -> new DataMessage(streamId, raw.timestamp(),
                    Amf0Decoder.decodeAll(skipFormatByte(in)));
            case MessageType.COMMAND_AMF0 -> decodeCommand(streamId, Amf0Decoder.decodeAll(in));
            case MessageType.COMMAND_AMF3 -> decodeCommand(streamId, Amf0Decoder.decodeAll(skipFormatByte(in)));
            default -> new IgnoredMessage(raw.typeId(), streamId, in.readableBytes());
        };
    }

    /**
     * AMF3 command and data messages (17, 15) start with a format byte; Flash sent 0 and then plain AMF0, which is
     * all a publisher sends in practice. Real AMF3 values are refused by the AMF0 decoder.
     */
    private static ByteBuf skipFormatByte(ByteBuf in) {
        if (in.isReadable() && in.getByte(in.readerIndex()) == 0) {
            in.skipBytes(1);
        }
        return in;
    }

    private static CommandMessage decodeCommand(int streamId, List<Object> values) {
        if (values.size() < 2 || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("command message does not start with a name (it starts with "
                    + (values.isEmpty() ? "nothing" : values.get(0).getClass().getSimpleName()) + ")");
        }
        double transactionId = values.get(1) instanceof Double d ? d : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : Amf0Empty.NULL;
        List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new CommandMessage(streamId, name, transactionId, commandObject, arguments);
    }

    private static UserControlMessage decodeUserControl(ByteBuf in) {
        if (in.readableBytes() < 2) {
            throw new RtmpProtocolException("user control message of " + in.readableBytes() + " bytes has no event type");
        }
        int event = in.readUnsignedShort();
        return switch (event) {
            case UserControlMessage.STREAM_BEGIN -> new StreamBegin((int) uint32(in, "StreamBegin"));
            case UserControlMessage.STREAM_EOF -> new StreamEof((int) uint32(in, "StreamEOF"));
            case UserControlMessage.SET_BUFFER_LENGTH -> {
                int stream = (int) uint32(in, "SetBufferLength");
                yield new SetBufferLength(stream, uint32(in, "SetBufferLength"));
            }
            case UserControlMessage.PING_REQUEST -> new PingRequest(uint32(in, "PingRequest"));
            case UserControlMessage.PING_RESPONSE -> new PingResponse(uint32(in, "PingResponse"));
            default -> new OtherUserControl(event, bytes(in));
        };
    }

    /** Encodes a message for the {@link io.onair.rtmp.chunk.ChunkEncoder}; the caller owns the result. */
    public static RawMessage encode(RtmpMessage message, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            int type = switch (message) {
                case SetChunkSize m -> {
                    out.writeInt(m.size());
                    yield MessageType.SET_CHUNK_SIZE;
                }
                case AbortMessage m -> {
                    out.writeInt(m.chunkStreamId());
                    yield MessageType.ABORT;
                }
                case Acknowledgement m -> {
                    out.writeInt((int) m.sequenceNumber());
                    yield MessageType.ACKNOWLEDGEMENT;
                }
                case UserControlMessage m -> {
                    encodeUserControl(m, out);
                    yield MessageType.USER_CONTROL;
                }
                case WindowAckSize m -> {
                    out.writeInt((int) m.size());
                    yield MessageType.WINDOW_ACK_SIZE;
                }
                case SetPeerBandwidth m -> {
                    out.writeInt((int) m.size()).writeByte(m.limitType());
                    yield MessageType.SET_PEER_BANDWIDTH;
                }
                case CommandMessage m -> {
                    List<Object> values = new ArrayList<>(3 + m.arguments().size());
                    values.add(m.name());
                    values.add(m.transactionId());
                    values.add(m.commandObject());
                    values.addAll(m.arguments());
                    Amf0Encoder.encodeAll(out, values);
                    yield MessageType.COMMAND_AMF0;
                }
                case DataMessage m -> {
                    Amf0Encoder.encodeAll(out, m.values());
                    yield MessageType.DATA_AMF0;
                }
                case AudioMessage m -> {
                    out.writeBytes(m.body());
                    yield MessageType.AUDIO;
                }
                case VideoMessage m -> {
                    out.writeBytes(m.body());
                    yield MessageType.VIDEO;
                }
                case IgnoredMessage m -> throw new IllegalArgumentException("cannot send " + m);
            };
            return new RawMessage(chunkStreamId(message), message.timestamp(), type, message.streamId(), out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void encodeUserControl(UserControlMessage m, ByteBuf out) {
        out.writeShort(m.eventType());
        switch (m) {
            case StreamBegin e -> out.writeInt(e.stream());
            case StreamEof e -> out.writeInt(e.stream());
            case SetBufferLength e -> out.writeInt(e.stream()).writeInt((int) e.millis());
            case PingRequest e -> out.writeInt((int) e.pingTimestamp());
            case PingResponse e -> out.writeInt((int) e.pingTimestamp());
            case OtherUserControl e -> out.writeBytes(e.data());
        }
    }

    /** Control on 2 (required), NetConnection commands on 3, NetStream traffic on 5 (as FMS and nginx-rtmp). */
    static int chunkStreamId(RtmpMessage message) {
        return switch (message) {
            case CommandMessage m when m.streamId() == 0 -> ChunkStreamIds.COMMAND;
            case CommandMessage m -> ChunkStreamIds.STREAM;
            case DataMessage m -> ChunkStreamIds.STREAM;
            case AudioMessage m -> ChunkStreamIds.STREAM + 1;
            case VideoMessage m -> ChunkStreamIds.STREAM + 2;
            default -> ChunkStreamIds.CONTROL;
        };
    }

    private static long uint32(ByteBuf in, RawMessage raw) {
        return uint32(in, "message type " + raw.typeId());
    }

    private static long uint32(ByteBuf in, String what) {
        if (in.readableBytes() < 4) {
            throw new RtmpProtocolException(what + " needs 4 bytes, " + in.readableBytes() + " left");
        }
        return in.readUnsignedInt();
    }

    private static byte[] bytes(ByteBuf in) {
        byte[] b = new byte[in.readableBytes()];
        in.readBytes(b);
        return b;
    }
}
