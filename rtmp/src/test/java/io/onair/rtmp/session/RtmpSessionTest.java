package io.onair.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.media.VideoFrame;
import io.onair.rtmp.IngestHandler;
import io.onair.rtmp.PublishDecision;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.amf0.Amf0EcmaArray;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.chunk.AckDue;
import io.onair.rtmp.message.Acknowledgement;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.DataMessage;
import io.onair.rtmp.message.PingRequest;
import io.onair.rtmp.message.PingResponse;
import io.onair.rtmp.message.RtmpMessage;
import io.onair.rtmp.message.SetChunkSize;
import io.onair.rtmp.message.SetPeerBandwidth;
import io.onair.rtmp.message.StreamBegin;
import io.onair.rtmp.message.VideoMessage;
import io.onair.rtmp.message.WindowAckSize;
import io.onair.rtmp.testing.RecordingIngestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The session handler alone, fed decoded messages: the NetConnection/NetStream exchange and its edge cases. */
class RtmpSessionTest {
    private static final String AVCC = "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e478c18cb"
            + "01000468efbcb0";
    private final RecordingIngestHandler handler = new RecordingIngestHandler("key");
    private EmbeddedChannel ch = new EmbeddedChannel(new RtmpSession(handler, RtmpLimits.defaults()));

    private static CommandMessage command(int streamId, String name, double txn, Object object, Object... args) {
        return new CommandMessage(streamId, name, txn, object, List.of(args));
    }

    private List<RtmpMessage> send(RtmpMessage... messages) {
        for (RtmpMessage m : messages) {
            ch.writeInbound(m);
        }
        List<RtmpMessage> out = new ArrayList<>();
        for (Object m; (m = ch.readOutbound()) != null; ) {
            out.add((RtmpMessage) m);
        }
        return out;
    }

    private static String code(RtmpMessage m) {
        return String.valueOf(((Map<?, ?>) ((CommandMessage) m).arguments().get(0)).get("code"));
    }

    private static String description(RtmpMessage m) {
        return String.valueOf(((Map<?, ?>) ((CommandMessage) m).arguments().get(0)).get("description"));
    }

    private void connectAndPublish(String name) {
        send(command(0, "connect", 1, Map.of("app", "live/", "objectEncoding", 0.0)),
                command(0, "createStream", 2, Amf0Empty.NULL));
        send(command(1, "publish", 3, Amf0Empty.NULL, name, "live"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void connectIsAnsweredWithTheWindowBandwidthChunkSizeAndSuccess() {
        List<RtmpMessage> out = send(command(0, "connect", 1, Map.of("app", "live", "objectEncoding", 3.0)));
        assertThat(out).hasSize(4);
        assertThat(out.subList(0, 3)).containsExactly(new WindowAckSize(2_500_000),
                new SetPeerBandwidth(2_500_000, 2), new SetChunkSize(4096));
        CommandMessage result = (CommandMessage) out.get(3);
        assertThat(result.name()).isEqualTo("_result");
        assertThat(result.transactionId()).isEqualTo(1);
        assertThat((Map<Object, Object>) result.commandObject()).containsEntry("fmsVer", "FMS/3,0,1,123")
                .containsEntry("capabilities", 31.0);
        assertThat((Map<Object, Object>) result.arguments().get(0)).containsEntry("code", "NetConnection.Connect.Success")
                .containsEntry("objectEncoding", 3.0);
        assertFalse(ch.finish());
    }

    @Test
    void publishIsDecidedBeforeStartAndMediaFlowsUntilUnpublish() {
        send(command(0, "connect", 1, Map.of("app", "live")));
        assertThat(send(command(0, "releaseStream", 2, Amf0Empty.NULL, "key?token=abc"))).isEmpty();
        assertThat(send(command(0, "FCPublish", 3, Amf0Empty.NULL, "key?token=abc")))
                .singleElement().satisfies(m -> {
                    assertThat(((CommandMessage) m).name()).isEqualTo("onFCPublish");
                    assertThat(code(m)).isEqualTo("NetStream.Publish.Start");
                });
        assertThat(send(command(0, "createStream", 4, Amf0Empty.NULL))).singleElement()
                .isEqualTo(command(0, "_result", 4, Amf0Empty.NULL, 1.0));
        List<RtmpMessage> out = send(command(1, "publish", 5, Amf0Empty.NULL, "key?token=abc", "live"));
        assertThat(handler.requests).singleElement().satisfies(r -> {
            assertThat(r.app()).isEqualTo("live");
            assertThat(r.streamKey()).isEqualTo("key");
            assertThat(r.query()).isEqualTo("token=abc");
        });
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(new StreamBegin(1));
        assertThat(out.get(1).streamId()).isEqualTo(1);
        assertThat(code(out.get(1))).isEqualTo("NetStream.Publish.Start");

        send(new DataMessage(1, 0, List.of("@setDataFrame", "onMetaData",
                new Amf0EcmaArray(metadata()))));
        send(new VideoMessage(1, 0, HexFormat.of().parseHex("1700000000" + AVCC)),
                new VideoMessage(1, 0, HexFormat.of().parseHex("1701000021000000026588")),
                new VideoMessage(2, 0, HexFormat.of().parseHex("1701000021000000026588")));
        assertThat(handler.metadata).containsExactly(Map.of("width", 1280.0, "encoder", Map.of("name", "obs")));
        assertThat(handler.frames).singleElement().isInstanceOf(VideoFrame.class);

        send(command(1, "FCUnpublish", 6, Amf0Empty.NULL, "key"), command(1, "deleteStream", 7, Amf0Empty.NULL, 1.0));
        assertThat(handler.ends).containsExactly(true);
        ch.close();
        assertThat(handler.ends).containsExactly(true);
        assertFalse(ch.finish());
    }

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("width", 1280.0);
        m.put("duration", Amf0Empty.UNDEFINED);
        m.put("encoder", new Amf0EcmaArray(Map.of("name", "obs")));
        return m;
    }

    @Test
    void aDroppedConnectionEndsThePublishUncleanly() {
        connectAndPublish("key");
        ch.close();
        assertThat(handler.ends).containsExactly(false);
        assertFalse(ch.finish());
    }

    @Test
    void aRejectedPublishGetsBadNameAndIsClosed() {
        send(command(0, "connect", 1, Map.of("app", "live")), command(0, "createStream", 2, Amf0Empty.NULL));
        List<RtmpMessage> out = send(command(1, "publish", 3, Amf0Empty.NULL, "nope", "live"));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(code(m)).isEqualTo("NetStream.Publish.BadName");
            assertThat(description(m)).isEqualTo("unknown stream key nope");
        });
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.ends).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void aFailingHandlerIsARejection() {
        IngestHandler failing = (request, session) -> {
            throw new IllegalStateException("database down");
        };
        ch = new EmbeddedChannel(new RtmpSession(failing, RtmpLimits.defaults()));
        send(command(0, "connect", 1, Map.of("app", "live")));
        List<RtmpMessage> out = send(command(1, "publish", 3, Amf0Empty.NULL, "key", "live"));
        assertThat(description(out.get(0))).isEqualTo("the server could not check this stream key; try again");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void anUnsupportedCodecIsExplainedToTheStreamer() {
        connectAndPublish("key");
        List<RtmpMessage> out = send(new VideoMessage(1, 0, HexFormat.of().parseHex("906876633101")));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(code(m)).isEqualTo("NetStream.Publish.Failed");
            assertThat(description(m)).isEqualTo("Onair packages H.264 video and AAC audio; this stream's video"
                    + " is HEVC (H.265). Set OBS's encoder to x264 or NVENC H.264.");
        });
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.ends).containsExactly(false);
        assertFalse(ch.finish());
    }

    @Test
    void aRunOfMalformedFramesEndsTheSessionButOneIsSkipped() {
        connectAndPublish("key");
        send(new VideoMessage(1, 0, HexFormat.of().parseHex("1700000000" + AVCC)));
        send(new VideoMessage(1, 0, HexFormat.of().parseHex("17010000000000ffff65")));
        send(new VideoMessage(1, 0, HexFormat.of().parseHex("1701000000" + "00000002" + "6588")));
        assertThat(ch.isOpen()).isTrue();
        assertThat(handler.frames).hasSize(1);
        for (int i = 0; i < PublishedStream.MAX_CONSECUTIVE_BAD_FRAMES; i++) {
            send(new VideoMessage(1, 0, HexFormat.of().parseHex("17010000000000ffff65")));
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.ends).containsExactly(false);
        assertFalse(ch.finish());
    }

    @Test
    void playIsRefused() {
        send(command(0, "connect", 1, Map.of("app", "live")));
        List<RtmpMessage> out = send(command(1, "play", 3, Amf0Empty.NULL, "key"));
        assertThat(code(out.get(0))).isEqualTo("NetStream.Play.Failed");
        assertThat(description(out.get(0))).contains("does not serve RTMP playback");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void unknownCommandsGetAnErrorOnlyWhenTheyExpectAnAnswer() {
        send(command(0, "connect", 1, Map.of("app", "live")));
        assertThat(send(command(0, "whatever", 0, Amf0Empty.NULL))).isEmpty();
        List<RtmpMessage> out = send(command(0, "whatever", 9, Amf0Empty.NULL));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(((CommandMessage) m).name()).isEqualTo("_error");
            assertThat(((CommandMessage) m).transactionId()).isEqualTo(9);
            assertThat(description(m)).isEqualTo("unknown command whatever");
        });
        assertFalse(ch.finish());
    }

    @Test
    void pingsAndAcknowledgements() {
        assertThat(send(new PingRequest(42))).containsExactly(new PingResponse(42));
        ch.pipeline().fireUserEventTriggered(new AckDue(2_500_100));
        assertThat((Object) ch.readOutbound()).isEqualTo(new Acknowledgement(2_500_100));
        assertFalse(ch.finish());
    }

    @Test
    void serverSideCloseTellsTheStreamerAndEndsThePublish() {
        connectAndPublish("key");
        handler.sessions.get(0).close("taken over by a new connection with the same key");
        ch.runPendingTasks();
        List<RtmpMessage> out = send();
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(code(m)).isEqualTo("NetConnection.Connect.Closed");
            assertThat(description(m)).isEqualTo("taken over by a new connection with the same key");
        });
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.ends).containsExactly(false);
        assertFalse(ch.finish());
    }

    @Test
    void aConnectionThatNeverPublishesIsDropped() {
        ch = new EmbeddedChannel(new RtmpSession(handler, RtmpLimits.defaults()
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(10))));
        send(command(0, "connect", 1, Map.of("app", "live")));
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
