package io.onair.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRegistryTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
    private final List<String> events = new ArrayList<>();

    StreamRegistryTest() {
        registry.addListener(new StreamListener() {
            @Override
            public void onStart(Publication publication) {
                events.add("start " + publication.id());
            }

            @Override
            public void onEnd(Publication publication, EndReason reason) {
                events.add("end " + publication.id() + " " + reason);
            }
        });
    }

    @Test
    void reconnectTakesOverTheStaleSessionAndKicksIt() throws Exception {
        List<String> kicked = new ArrayList<>();
        Publication first = registry.startPublishing("alice", kicked::add);
        FrameReader reader = first.subscribe("hls", 10);
        Publication second = registry.startPublishing("alice", reason -> kicked.add("second: " + reason));

        assertThat(kicked).containsExactly("taken over by a new publish of the same stream");
        assertThat(first.endReason()).contains(EndReason.TAKEN_OVER);
        assertThat(reader.take()).isEqualTo(new StreamEvent.End(EndReason.TAKEN_OVER));
        assertThat(registry.current("alice")).containsSame(second);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(events).containsExactly("start " + first.id(), "end " + first.id() + " TAKEN_OVER",
                "start " + second.id());
    }

    @Test
    void endRemovesTheChannelOnlyIfStillCurrent() {
        Publication first = registry.startPublishing("alice", r -> { });
        Publication second = registry.startPublishing("alice", r -> { });
        first.end(EndReason.DISCONNECTED); // late close of the taken-over connection: no effect
        assertThat(registry.current("alice")).containsSame(second);
        second.end(EndReason.DISCONNECTED);
        second.end(EndReason.CLEAN); // only the first end counts
        assertThat(registry.current("alice")).isEmpty();
        assertThat(registry.live()).isEmpty();
        assertThat(events).endsWith("end " + second.id() + " DISCONNECTED");
    }

    @Test
    void kickEndsAndClosesTheConnection() {
        List<String> kicked = new ArrayList<>();
        Publication pub = registry.startPublishing("bob", kicked::add);
        registry.startPublishing("carol", r -> { });
        assertThat(registry.live()).extracting(Publication::channel).containsExactlyInAnyOrder("bob", "carol");
        pub.kick("stream key revoked");
        assertThat(kicked).containsExactly("stream key revoked");
        assertThat(pub.endReason()).contains(EndReason.KICKED);
        assertThat(registry.live()).extracting(Publication::channel).containsExactly("carol");
    }

    @Test
    void metadataIsKeptWithoutNulls() {
        Publication pub = registry.startPublishing("bob", r -> { });
        Map<String, Object> meta = new java.util.HashMap<>();
        meta.put("encoder", "obs-output module (libobs version 31.0.0)");
        meta.put("videodatarate", 6000.0);
        meta.put("nothing", null);
        pub.onMetadata(meta);
        assertThat(pub.stats().metadata()).containsOnlyKeys("encoder", "videodatarate");
        assertThat(pub.startedAt()).isEqualTo(clock.instant());
    }
}
