package io.onair.bench.rtmp;

import io.onair.bench.flv.FlvTag;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal RTMP publisher, as OBS does it: plain handshake (C1 version 0), Set Chunk Size 4096, {@code connect},
 * {@code releaseStream}, {@code FCPublish}, {@code createStream}, {@code publish}, then FLV tag bodies as audio,
 * video and data messages. The harness owns the send loop, so it knows when each keyframe left for the server.
 */
public final class RtmpPublisher implements AutoCloseable {
    public static final int CHUNK_SIZE = 4096;
    private static final int HANDSHAKE_SIZE = 1536;
    /** Chunk stream ids as OBS uses them: 3 commands, 4 audio, 5 data, 6 video (librtmp/OBS convention). */
    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_AUDIO = 4;
    private static final int CSID_DATA = 5;
    private static final int CSID_VIDEO = 6;
    /** How long the server has for each step of the session set-up before the publisher gives up. */
    private static final int SETUP_TIMEOUT_MS = 10_000;

    private final String name;
    private final Socket socket;
    private final OutputStream out;
    private final ChunkReader reader;
    private final DataInputStream in;
    private int streamId;
    private volatile String lastStatus = "";
    private Thread drainer;

    private RtmpPublisher(String name, Socket socket, long uplinkBitsPerSecond) throws IOException {
        this.name = name;
        this.socket = socket;
        OutputStream raw = socket.getOutputStream();
        this.out = new BufferedOutputStream(uplinkBitsPerSecond > 0 ? new PacedOutputStream(raw, uplinkBitsPerSecond)
                : raw, 64 * 1024);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        this.reader = new ChunkReader(in);
    }

    /** Connects and publishes {@code streamName} in {@code app}; returns once the server answered Publish.Start. */
    public static RtmpPublisher publish(String host, int port, String app, String streamName) throws IOException {
        return publish(host, port, app, streamName, 0);
    }

    /** As {@link #publish(String, int, String, String)}, behind an uplink of {@code uplinkBitsPerSecond} (0: none). */
    public static RtmpPublisher publish(String host, int port, String app, String streamName,
            long uplinkBitsPerSecond) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), SETUP_TIMEOUT_MS);
        socket.setSoTimeout(SETUP_TIMEOUT_MS);
        RtmpPublisher p = new RtmpPublisher(host + ":" + port + "/" + app + "/" + streamName, socket,
                uplinkBitsPerSecond);
        try {
            p.handshake();
            p.setUp(host, port, app, streamName);
            socket.setSoTimeout(0);
            p.startDraining();
            return p;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void handshake() throws IOException {
        byte[] c0c1 = new byte[1 + HANDSHAKE_SIZE];
        c0c1[0] = 3;
        ThreadLocalRandom.current().nextBytes(c0c1);
        c0c1[0] = 3;
        for (int i = 1; i < 9; i++) {
            c0c1[i] = 0; // time 0 and the zero field 0: the plain (non-digest) handshake
        }
        out.write(c0c1);
        out.flush();
        byte[] s0s1 = new byte[1 + HANDSHAKE_SIZE];
        in.readFully(s0s1);
        if (s0s1[0] != 3) {
            throw new IOException(name + ": server answered RTMP version " + s0s1[0]);
        }
        out.write(s0s1, 1, HANDSHAKE_SIZE); // C2 echoes S1
        out.flush();
        in.readFully(new byte[HANDSHAKE_SIZE]); // S2
    }

    private void setUp(String host, int port, String app, String streamName) throws IOException {
        writeMessage(CSID_CONTROL, 1, 0, 0, new byte[] {0, 0, CHUNK_SIZE >>> 8, 0});
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("app", app);
        connect.put("type", "nonprivate");
        connect.put("flashVer", "FMLE/3.0 (compatible; FMSc/1.0)");
        connect.put("swfUrl", "rtmp://" + host + ":" + port + "/" + app);
        connect.put("tcUrl", "rtmp://" + host + ":" + port + "/" + app);
        command(0, "connect", 1, connect);
        awaitResult(1);
        command(0, "releaseStream", 2, Amf0.NULL, streamName);
        command(0, "FCPublish", 3, Amf0.NULL, streamName);
        command(0, "createStream", 4, Amf0.NULL);
        List<Object> created = awaitResult(4);
        streamId = created.size() > 3 && created.get(3) instanceof Double d ? d.intValue() : 1;
        command(streamId, "publish", 5, Amf0.NULL, streamName, "live");
        while (true) {
            List<Object> cmd = nextCommand();
            if ("onStatus".equals(cmd.get(0)) && cmd.size() > 3 && cmd.get(3) instanceof Map<?, ?> info) {
                Object code = info.get("code");
                if ("NetStream.Publish.Start".equals(code)) {
                    return;
                }
                throw new IOException(name + ": publish refused: " + code + " " + info.get("description"));
            }
        }
    }

    private void command(int msid, String command, int transaction, Object... args) throws IOException {
        Object[] values = new Object[args.length + 2];
        values[0] = command;
        values[1] = transaction;
        System.arraycopy(args, 0, values, 2, args.length);
        writeMessage(CSID_COMMAND, RtmpMessage.COMMAND_AMF0, msid, 0, Amf0.encode(values));
        out.flush();
    }

    private List<Object> awaitResult(int transaction) throws IOException {
        while (true) {
            List<Object> cmd = nextCommand();
            if (cmd.size() > 1 && cmd.get(1) instanceof Double t && t.intValue() == transaction) {
                if ("_result".equals(cmd.get(0))) {
                    return cmd;
                }
                throw new IOException(name + ": " + cmd);
            }
        }
    }

    private List<Object> nextCommand() throws IOException {
        while (true) {
            RtmpMessage m = reader.next();
            if (m.type() == RtmpMessage.COMMAND_AMF0) {
                return Amf0.decodeAll(m.payload());
            }
        }
    }

    /** Reads (and mostly discards) what the server sends during the stream: acknowledgements, pings, statuses. */
    private void startDraining() {
        drainer = Thread.ofPlatform().daemon().name("rtmp-drain " + name).start(() -> {
            try {
                while (true) {
                    RtmpMessage m = reader.next();
                    if (m.type() == RtmpMessage.COMMAND_AMF0) {
                        lastStatus = Amf0.decodeAll(m.payload()).toString();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended: close() or the server hung up; writes will report it
            }
        });
    }

    /** Writes one FLV tag as an RTMP message and flushes it to the socket. */
    public void write(FlvTag tag) throws IOException {
        byte[] body = tag.body();
        if (tag.type() == FlvTag.SCRIPT) {
            body = withSetDataFrame(body);
        }
        int csid = switch (tag.type()) {
            case FlvTag.AUDIO -> CSID_AUDIO;
            case FlvTag.VIDEO -> CSID_VIDEO;
            default -> CSID_DATA;
        };
        writeMessage(csid, tag.type(), streamId, tag.timestampMs(), body);
        out.flush();
    }

    /** The FLV script tag is "onMetaData" + values; a publisher sends it as "@setDataFrame", "onMetaData", values. */
    private static byte[] withSetDataFrame(byte[] script) {
        byte[] prefix = Amf0.encode("@setDataFrame");
        byte[] b = new byte[prefix.length + script.length];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        System.arraycopy(script, 0, b, prefix.length, script.length);
        return b;
    }

    /** Every message with a type-0 header (absolute timestamp), then type-3 continuation chunks. */
    private void writeMessage(int csid, int type, int msid, long timestamp, byte[] payload) throws IOException {
        boolean extended = timestamp >= 0xffffff;
        out.write(csid);
        u24(extended ? 0xffffff : (int) timestamp);
        u24(payload.length);
        out.write(type);
        out.write(msid);
        out.write(msid >>> 8);
        out.write(msid >>> 16);
        out.write(msid >>> 24);
        if (extended) {
            u32(timestamp);
        }
        int chunk = csid == CSID_CONTROL && type == 1 ? 128 : CHUNK_SIZE; // Set Chunk Size itself goes at 128
        for (int off = 0; off < payload.length; off += chunk) {
            if (off > 0) {
                out.write(0xc0 | csid);
                if (extended) {
                    u32(timestamp);
                }
            }
            out.write(payload, off, Math.min(chunk, payload.length - off));
        }
    }

    private void u24(int v) throws IOException {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private void u32(long v) throws IOException {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    /** Ends the stream the way OBS does: FCUnpublish and deleteStream, so the server ends the playlist at once. */
    public void unpublish() throws IOException {
        String streamName = name.substring(name.lastIndexOf('/') + 1);
        command(0, "FCUnpublish", 6, Amf0.NULL, streamName);
        command(0, "deleteStream", 7, Amf0.NULL, (double) streamId);
    }

    public String name() {
        return name;
    }

    /** The last command the server sent after publishing started (an error status, usually), for diagnostics. */
    public String lastStatus() {
        return lastStatus;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (drainer != null) {
            try {
                drainer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
