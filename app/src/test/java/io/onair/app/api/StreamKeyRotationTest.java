package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rotating a stream key through the real RTMP path with ffmpeg: the old key is refused for a new publish at once,
 * while the session that went live with it keeps streaming (the same publication, not cut, not taken over); the
 * new key publishes.
 */
class StreamKeyRotationTest extends PlatformServerTest {
    private static final String USER = "rot-streamer";
    private JsonNode status() {
        return client().get("/api/channels/" + USER + "/status").json();
    }

    @Test
    void oldKeyIsRefusedAtOnceWhileTheLiveSessionContinues() {
        ApiClient owner = account(USER);
        String oldKey = owner.get("/api/channels/" + USER + "/stream-key").json().path("streamKey").asString();
        ExternalProcess live = publish(oldKey, Duration.ofSeconds(30));
        JsonNode before = Poll.until("the channel live with the old key", Duration.ofSeconds(20), live::describe,
                () -> status().path("live").asBoolean() ? Optional.of(status()) : Optional.empty());
        String startedAt = before.path("startedAt").asString();

        JsonNode rotated = owner.send("POST", "/api/channels/" + USER + "/stream-key/rotate", null).json();
        String newKey = rotated.path("streamKey").asString();
        assertThat(newKey).isNotEqualTo(oldKey).hasSize(32);

        ExternalProcess refused = publish(oldKey, Duration.ofSeconds(20));
        assertThat(refused.exitCode(Duration.ofSeconds(5))).as(refused::describe).isNotZero();

        // Two more seconds of the original session: still alive, still the same publication.
        Instant until = Instant.now().plusSeconds(2);
        Poll.until("two seconds to pass", Duration.ofSeconds(5), () -> "", () -> Instant.now().isAfter(until));
        assertThat(live.isAlive()).as(live::describe).isTrue();
        JsonNode after = status();
        assertThat(after.path("live").asBoolean()).as(after.toString()).isTrue();
        assertThat(after.path("startedAt").asString()).as("not taken over").isEqualTo(startedAt);

        ExternalProcess fresh = publish(newKey, Duration.ofSeconds(6));
        Poll.until("a publication with the new key", Duration.ofSeconds(20), fresh::describe,
                () -> !status().path("startedAt").asString().equals(startedAt) && status().path("live").asBoolean());
    }
}
