package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.amf0.Amf0Encoder;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.chunk.ChunkEncoder;
import io.onair.rtmp.chunk.RawMessage;
import io.onair.rtmp.message.Acknowledgement;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.MessageCodec;
import io.onair.rtmp.message.MessageEncoder;
import io.onair.rtmp.message.MessageType;
import io.onair.rtmp.message.PingRequest;
import io.onair.rtmp.message.PingResponse;
import io.onair.rtmp.message.RtmpMessage;
import io.onair.rtmp.message.SetChunkSize;
import io.onair.rtmp.message.SetPeerBandwidth;
import io.onair.rtmp.message.WindowAckSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push pipeline in an {@link EmbeddedChannel}, playing the server by hand with the module's own encoder and
 * decoder: every byte the client sends is checked, and every server behaviour can be staged.
 */
class PushSessionTest {
    private final PushTarget target = PushTarget.parse("rtmp://example.com/live?tok=1", "key");
    private final PushSession session = new PushSession(target, Duration.ofSeconds(5), Duration.ofSeconds(5));
    private final EmbeddedChannel client = new EmbeddedChannel();
    /** Reads what the client sends, as a server would. */
    private final EmbeddedChannel serverIn = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.defaults(), 0));
    /** Writes what the server says. */
    private final EmbeddedChannel serverOut = new EmbeddedChannel(new ChunkEncoder(), new MessageEncoder());
    private final byte[] s1 = new byte[1536];
    private long fedAfterHandshake;

    private record Sent(int chunkStream, RtmpMessage message) {
    }

    PushSessionTest() {
        PushPipeline.init(client, target, null, Duration.ofSeconds(6), new ByteCounter(), new WritabilityGate(),
                session, new SplittableRandom(1));
    }

    @AfterEach
    void release() {
        client.finishAndReleaseAll();
        serverIn.finishAndReleaseAll();
        serverOut.finishAndReleaseAll();
    }

    /** C0+C1 out, S0+S1+S2 in; returns what follows C2. */
    private List<Sent> handshake() {
        byte[] c0c1 = drain(client);
        assertThat(c0c1).hasSize(1537);
        assertThat(c0c1[0]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(c0c1, 5, 9)).containsOnly(0);
        new SplittableRandom(2).nextBytes(s1);
        ByteBuf answer = Unpooled.buffer().writeByte(3).writeBytes(s1).writeBytes(c0c1, 1, 1536);
        client.writeInbound(answer);
        byte[] out = drain(client);
        assertThat(Arrays.copyOfRange(out, 0, 1536)).as("C2 echoes S1").isEqualTo(s1);
        return decode(Arrays.copyOfRange(out, 1536, out.length));
    }

    private List<Sent> sent() {
        return decode(drain(client));
    }

    private List<Sent> decode(byte[] bytes) {
        serverIn.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Sent> out = new ArrayList<>();
        for (RawMessage raw; (raw = serverIn.readInbound()) != null; ) {
            out.add(new Sent(raw.chunkStreamId(), MessageCodec.decode(raw)));
            raw.release();
        }
        return out;
    }

    private void serverSends(Object... messages) {
        for (Object m : messages) {
            serverOut.writeOutbound(m);
        }
        byte[] bytes = drain(serverOut);
        fedAfterHandshake += bytes.length;
        client.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        return bytes;
    }

    private static CommandMessage command(int stream, String name, double txn, Object object, Object... args) {
        return new CommandMessage(stream, name, txn, object, List.of(args));
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    /** A command with nothing after its name, as ffmpeg's listen mode answers FCPublish. */
    private static RawMessage bareCommand(String name) {
        ByteBuf payload = Unpooled.buffer();
        Amf0Encoder.encode(payload, name);
        return new RawMessage(3, 0, MessageType.COMMAND_AMF0, 0, payload);
    }

    private void publish() throws Exception {
        handshake();
        serverSends(new WindowAckSize(1_000), new SetPeerBandwidth(1_000, 2), new SetChunkSize(4096),
                command(0, "_result", 1, Map.of("fmsVer", "FMS/3,0,1,123"),
                        status("status", "NetConnection.Connect.Success", "Connection succeeded.")));
        sent();
        serverSends(command(0, "_result", 4, Amf0Empty.NULL, 1.0));
        sent();
        serverSends(command(1, "onStatus", 0, Amf0Empty.NULL, status("status", "NetStream.Publish.Start", "go")));
        assertThat(session.published().get(1, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWholeExchangeAsTheClientSendsIt() throws Exception {
        List<Sent> afterHandshake = handshake();
        assertThat(afterHandshake).hasSize(2);
        assertThat(afterHandshake.get(0)).isEqualTo(new Sent(2, new SetChunkSize(4096)));
        assertThat(afterHandshake.get(1).chunkStream()).isEqualTo(3);
        CommandMessage connect = (CommandMessage) afterHandshake.get(1).message();
        assertThat(connect.name()).isEqualTo("connect");
        assertThat(connect.transactionId()).isEqualTo(1);
        assertThat((Map<String, Object>) connect.commandObject()).containsExactly(
                Map.entry("app", "live?tok=1"), Map.entry("type", "nonprivate"),
                Map.entry("flashVer", "FMLE/3.0 (compatible; Onair)"),
                Map.entry("swfUrl", "rtmp://example.com/live?tok=1"),
                Map.entry("tcUrl", "rtmp://example.com/live?tok=1"));

        serverSends(new WindowAckSize(1_000), new SetPeerBandwidth(2_500_000, 2), new SetChunkSize(4096),
                command(0, "_result", 1, Map.of("fmsVer", "FMS/3,0,1,123"),
                        status("status", "NetConnection.Connect.Success", "Connection succeeded.")),
                command(0, "onBWDone", 0, Amf0Empty.NULL, 8192.0), bareCommand("onFCPublish"),
                command(0, "_checkbw", 7, Amf0Empty.NULL));
        assertThat(sent()).containsExactly(
                new Sent(2, new WindowAckSize(2_500_000)),
                new Sent(3, command(0, "releaseStream", 2, Amf0Empty.NULL, "key")),
                new Sent(3, command(0, "FCPublish", 3, Amf0Empty.NULL, "key")),
                new Sent(3, command(0, "createStream", 4, Amf0Empty.NULL)));

        // An unchanged peer bandwidth is not answered again; a ping is, at once.
        serverSends(new SetPeerBandwidth(2_500_000, 2), new PingRequest(1234));
        assertThat(sent()).containsExactly(new Sent(2, new PingResponse(1234)));

        // 1000 bytes received since the window was set: one Acknowledgement of all bytes so far (RTMP spec 5.4.3).
        serverSends(command(0, "onStatus", 0, Amf0Empty.NULL, status("status", "Padding", "x".repeat(1_000))));
        assertThat(sent()).containsExactly(new Sent(2, new Acknowledgement(fedAfterHandshake)));

        serverSends(command(0, "_error", 2, Amf0Empty.NULL, status("error", "NetStream.Release.Failed", "none")),
                command(0, "_result", 4, Amf0Empty.NULL, 1.0));
        assertThat(sent()).containsExactly(new Sent(3, command(1, "publish", 5, Amf0Empty.NULL, "key", "live")));
        assertThat(session.published()).isNotDone();

        serverSends(command(1, "onStatus", 0, Amf0Empty.NULL, status("status", "NetStream.Publish.Start", "go")));
        assertThat(session.published().get(1, TimeUnit.SECONDS)).isEqualTo(1);
        client.advanceTimeBy(10, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
        assertThat(client.isOpen()).as("the connect deadline is cancelled once publishing").isTrue();
    }

    @Test
    void closingUnpublishesDeletesTheStreamThenCloses() throws Exception {
        publish();
        session.closeGracefully();
        assertThat(sent()).containsExactly(
                new Sent(3, command(0, "FCUnpublish", 6, Amf0Empty.NULL, "key")),
                new Sent(3, command(0, "deleteStream", 7, Amf0Empty.NULL, 1.0)));
        assertThat(client.isOpen()).isFalse();
        assertThat(session.ended()).isCompleted();
    }

    @Test
    void anErrorToConnectFailsWithTheServersReason() {
        handshake();
        serverSends(command(0, "_error", 1, Amf0Empty.NULL,
                status("error", "NetConnection.Connect.Rejected", "no such application\n")));
        assertFailed(session.published(), "refused: NetConnection.Connect.Rejected (no such application?)");
        assertThat(client.isOpen()).isFalse();
        assertFailed(session.ended(), "refused: NetConnection.Connect.Rejected (no such application?)");
    }

    @Test
    void anErrorStatusToPublishFailsWithCodeAndDescription() {
        handshake();
        serverSends(command(0, "_result", 1, Map.of()));
        sent();
        serverSends(command(0, "_result", 4, Amf0Empty.NULL, 1.0));
        sent();
        serverSends(command(1, "onStatus", 0, Amf0Empty.NULL,
                status("error", "NetStream.Publish.BadName", "Stream key is wrong")));
        assertFailed(session.published(), "refused: NetStream.Publish.BadName (Stream key is wrong)");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aCreateStreamAnswerWithoutAStreamIdIsAProtocolError() {
        handshake();
        serverSends(command(0, "_result", 1, Map.of()));
        sent();
        serverSends(command(0, "_result", 4, Amf0Empty.NULL, "one"));
        assertFailed(session.published(),
                "protocol error from the server: createStream was answered without a stream id (one)");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void silenceAfterConnectTimesOutNamingWhatWasAwaited() {
        handshake();
        client.advanceTimeBy(5, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
        assertFailed(session.published(), "no answer within 5 s (waiting for the answer to connect)");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void malformedServerInputEndsThisConnectionAsARtmpPushException() throws Exception {
        publish();
        // A fmt 1 header on a chunk stream that has had no fmt 0: RTMP spec 5.3.1.2.2 needs a previous header.
        client.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x4A, 0, 0, 0, 0, 0, 4, 20, 1, 2, 3, 4}));
        assertThat(client.isOpen()).isFalse();
        assertFailed(session.ended(), "protocol error from the server: chunk stream 10 starts with a fmt 1 header,"
                + " which needs a previous header");
    }

    @Test
    void theServerClosingBeforePublishStartFails() {
        handshake();
        client.close();
        assertFailed(session.published(), "the server closed the connection before publishing started");
    }

    private static void assertFailed(java.util.concurrent.CompletableFuture<?> future, String message) {
        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RtmpPushException.class).hasMessage(message);
    }
}
