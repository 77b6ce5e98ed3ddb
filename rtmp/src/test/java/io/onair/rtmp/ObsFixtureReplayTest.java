package io.onair.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.media.testing.Fixtures;
import io.onair.rtmp.message.Acknowledgement;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.RtmpMessage;
import io.onair.rtmp.message.StreamBegin;
import io.onair.rtmp.testing.Pipelines;
import io.onair.rtmp.testing.RecordingIngestHandler;
import io.onair.rtmp.testing.ServerOutput;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Replays the bytes OBS 29 sent (shared/fixtures/obs-29-publish) through the server's real pipeline. */
class ObsFixtureReplayTest {
    private static final byte[] CLIENT = Fixtures.bytes(Fixtures.obsPublish("client-to-server.bin"));
    private static final byte[] RECORDED_SERVER = Fixtures.bytes(Fixtures.obsPublish("server-to-client.bin"));

    @Test
    void obsPublishComesOutAsOneH264AndOneAacStream() {
        RecordingIngestHandler handler = new RecordingIngestHandler("obsfixture");
        EmbeddedChannel ch = Pipelines.server(handler);
        Pipelines.feed(ch, CLIENT, 0, CLIENT.length, new SplittableRandom(29));
        byte[] answer = ServerOutput.drain(ch);
        assertThat(ch.isOpen()).isTrue();

        assertThat(handler.requests).singleElement().satisfies(r -> {
            assertThat(r.app()).isEqualTo("live");
            assertThat(r.streamKey()).isEqualTo("obsfixture");
            assertThat(r.query()).isEmpty();
        });
        assertThat(handler.metadata).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("width", 1280.0).containsEntry("height", 720.0));

        List<VideoFrame> video = handler.frames(VideoFrame.class);
        List<AudioFrame> audio = handler.frames(AudioFrame.class);
        assertThat(video).hasSizeGreaterThan(300);
        assertThat(audio).hasSizeGreaterThan(500);
        assertThat(video.get(0).keyframe()).isTrue();
        assertThat(video).allSatisfy(f -> {
            assertThat(f.config().width()).isEqualTo(1280);
            assertThat(f.config().height()).isEqualTo(720);
            assertThat(f.config().codecsString()).startsWith("avc1.64");
            assertThat(f.pts()).isGreaterThanOrEqualTo(f.dts());
        });
        assertThat(video.stream().map(VideoFrame::config).distinct()).hasSize(1);
        assertThat(video.stream().mapToLong(VideoFrame::dts).toArray()).isSorted();
        assertThat(audio.stream().mapToLong(AudioFrame::dts).toArray()).isSorted();
        assertThat(audio.get(0).config().sampleRate()).isEqualTo(48_000);
        // every frame is 4-byte length framed and its NAL lengths add up
        assertThat(video).allSatisfy(f -> assertThat(nalLengthsAddUp(f.data())).isTrue());

        List<RtmpMessage> ours = ServerOutput.messages(answer);
        List<RtmpMessage> recorded = ServerOutput.messages(RECORDED_SERVER);
        // The recorded server sent no onFCPublish, StreamBegin or Acknowledgement (its window was 5 MB); the rest
        // must be the same sequence.
        List<String> oursWithoutExtras = ours.stream()
                .filter(m -> !(m instanceof StreamBegin) && !(m instanceof Acknowledgement))
                .filter(m -> !(m instanceof CommandMessage c && c.name().equals("onFCPublish")))
                .map(Pipelines::shape).toList();
        assertThat(oursWithoutExtras).isEqualTo(recorded.stream().map(Pipelines::shape).toList())
                .containsExactly("WindowAckSize", "SetPeerBandwidth", "SetChunkSize",
                        "_result NetConnection.Connect.Success", "_result", "onStatus NetStream.Publish.Start");
        assertThat(ours.stream().map(Pipelines::shape).toList()).containsSubsequence(
                "_result NetConnection.Connect.Success", "onFCPublish NetStream.Publish.Start", "_result",
                "StreamBegin", "onStatus NetStream.Publish.Start", "Acknowledgement");
        CommandMessage createStreamResult = (CommandMessage) ours.stream()
                .filter(m -> m instanceof CommandMessage c && c.transactionId() == 4).findFirst().orElseThrow();
        assertThat(createStreamResult.arguments()).containsExactly(1.0);

        assertThat(handler.ends).isEmpty();
        ch.close();
        assertThat(handler.ends).containsExactly(false);
        assertFalse(ch.finish());
    }

    @Test
    void rejectedKeyGetsBadNameAndAClosedConnectionWithNothingPublished() {
        RecordingIngestHandler handler = new RecordingIngestHandler("another-key");
        EmbeddedChannel ch = Pipelines.server(handler);
        Pipelines.feed(ch, CLIENT, 0, CLIENT.length, new SplittableRandom(1));
        List<RtmpMessage> answer = ServerOutput.messages(ServerOutput.drain(ch));

        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.requests).hasSize(1);
        assertThat(handler.frames).isEmpty();
        assertThat(handler.metadata).isEmpty();
        assertThat(handler.ends).isEmpty();
        List<String> shapes = answer.stream().map(Pipelines::shape).toList();
        assertThat(shapes).last().isEqualTo("onStatus NetStream.Publish.BadName");
        assertThat(shapes).doesNotContain("onStatus NetStream.Publish.Start");
        CommandMessage badName = (CommandMessage) answer.get(answer.size() - 1);
        assertThat(((Map<?, ?>) badName.arguments().get(0)).get("description"))
                .isEqualTo("unknown stream key obsfixture");
        assertFalse(ch.finish());
    }

    private static boolean nalLengthsAddUp(byte[] data) {
        int at = 0;
        while (at + 4 <= data.length) {
            int n = (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                    | (data[at + 3] & 0xFF);
            if (n <= 0) {
                return false;
            }
            at += 4 + n;
        }
        return at == data.length;
    }
}
