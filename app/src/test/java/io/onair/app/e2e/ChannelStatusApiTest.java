package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.Poll;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/channels/{channel}/status}, what the watch page polls: offline → live (with the ingest stats a
 * streamer needs, measured on the stream) → offline again, and a problem+json 404 for a channel that does not
 * exist.
 */
class ChannelStatusApiTest extends LiveServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusGoesLiveWithMeasuredStatsAndOfflineAgain() {
        JsonNode before = status(STATUS);
        assertThat(before.path("channel").asString()).isEqualTo(STATUS);
        assertThat(before.path("live").asBoolean()).as(before.toString()).isFalse();
        assertThat(before.path("hls").isNull() || before.path("hls").isMissingNode()).as(before.toString()).isTrue();

        Instant published = Instant.now();
        // 2 s keyframe interval at 25 fps, 8 s: stats must tell these apart from the defaults of other tests.
        ExternalProcess ffmpeg = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(STATUS)))
                .size("480x270").fps(25).gop(50).realtime(true).duration(Duration.ofSeconds(8)).start());
        JsonNode live = Poll.until("status live with a keyframe interval measured", Duration.ofSeconds(20),
                () -> ffmpeg.describe() + "\nlast status: " + status(STATUS), () -> {
                    JsonNode s = status(STATUS);
                    return s.path("live").asBoolean() && s.path("stats").path("keyframeInterval").asDouble() > 0
                            ? Optional.of(s) : Optional.empty();
                });
        assertThat(live.path("hls").asString()).isEqualTo(HlsClient.masterPath(STATUS));
        assertThat(hls().get(live.path("hls").asString()).statusCode()).as("the advertised playlist exists")
                .isEqualTo(200);
        Instant startedAt = Instant.parse(live.path("startedAt").asString());
        assertThat(startedAt).isBetween(published.minusSeconds(1), Instant.now());
        JsonNode stats = live.path("stats");
        assertThat(stats.path("width").asInt()).as(stats.toString()).isEqualTo(480);
        assertThat(stats.path("height").asInt()).as(stats.toString()).isEqualTo(270);
        assertThat(stats.path("fps").asDouble()).as(stats.toString()).isCloseTo(25.0, within(1.5));
        assertThat(stats.path("keyframeInterval").asDouble()).as(stats.toString()).isCloseTo(2.0, within(0.2));
        assertThat(stats.path("videoKbps").asLong()).as(stats.toString()).isPositive();
        assertThat(stats.path("audioKbps").asLong()).as(stats.toString()).isBetween(40L, 200L);

        JsonNode listed = JSON.readTree(hls().get("/api/channels").body());
        java.util.List<Boolean> liveFlags = new java.util.ArrayList<>();
        listed.forEach(c -> liveFlags.add(c.path("live").asBoolean()));
        assertThat(liveFlags).as("live channels first: " + listed).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(listed.findValuesAsString("channel")).as(listed.toString()).contains(STATUS, OFFLINE);

        ffmpeg.assertSucceeds(Duration.ofSeconds(20));
        JsonNode after = Poll.until("status offline after the publisher ended", Duration.ofSeconds(10),
                () -> "last status: " + status(STATUS), () -> {
                    JsonNode s = status(STATUS);
                    return s.path("live").asBoolean() ? Optional.empty() : Optional.of(s);
                });
        assertThat(after.path("hls").isNull() || after.path("hls").isMissingNode()).as(after.toString()).isTrue();
        assertThat(after.path("lastLiveAt").isString()).as("lastLiveAt kept: " + after).isTrue();
        assertThat(Instant.parse(after.path("lastLiveAt").asString())).isAfter(startedAt);
    }

    @Test
    void unknownChannelAnswers404ProblemJsonNamingTheChannel() {
        HttpResponse<byte[]> r = hls().get("/api/channels/nosuchchannel/status");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asString()).contains("nosuchchannel");
    }

    private JsonNode status(String channel) {
        HttpResponse<byte[]> r = hls().get("/api/channels/" + channel + "/status");
        assertThat(r.statusCode()).as(HlsClient.utf8(r.body())).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
