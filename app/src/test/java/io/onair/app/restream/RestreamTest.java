package io.onair.app.restream;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.Poll;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Restreaming through the real server: ffmpeg publishes to one account's channel, which pushes it with Onair's RTMP
 * client to another account's channel on the same server's RTMP port (a real destination: the same ingest OBS
 * uses), read back with ffprobe; and the owner's API (what only the owner may do, what is refused and why, the key
 * never shown back).
 */
class RestreamTest extends PlatformServerTest {
    private String key(ApiClient owner, String channel) {
        return owner.get("/api/channels/" + channel + "/stream-key").json().path("streamKey").asString();
    }

    private String rtmpServer() {
        return "rtmp://127.0.0.1:" + rtmpServer.port() + "/live";
    }

    private boolean live(String channel) {
        return client().get("/api/channels/" + channel).json().path("live").asBoolean();
    }

    private static JsonNode destination(ApiClient owner, String channel, long id) {
        for (JsonNode d : owner.get("/api/channels/" + channel + "/restreams").json()) {
            if (d.path("id").asLong() == id) {
                return d;
            }
        }
        throw new AssertionError("no destination " + id);
    }

    @Test
    void aLiveChannelIsPushedOnToItsDestinationUntilItEndsOrTheOwnerTurnsItOff() {
        ApiClient source = account("rs-source");
        ApiClient mirror = account("rs-mirror");
        ApiClient.Response added = source.send("POST", "/api/channels/rs-source/restreams",
                Map.of("name", "Mirror", "url", rtmpServer(), "streamKey", key(mirror, "rs-mirror")));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        long id = added.json().path("id").asLong();
        assertThat(added.json().path("status").path("state").asString()).isEqualTo("offline");

        ExternalProcess ffmpeg = publish(key(source, "rs-source"), Duration.ofSeconds(40));
        Poll.until("the destination channel live from the push", Duration.ofSeconds(30),
                () -> ffmpeg.describe() + "\n" + destination(source, "rs-source", id), () -> live("rs-mirror"));
        JsonNode sending = Poll.until("the destination sending", Duration.ofSeconds(15), ffmpeg::describe, () -> {
            JsonNode d = destination(source, "rs-source", id);
            return d.path("status").path("kbps").asLong() > 0 ? Optional.of(d) : Optional.empty();
        });
        assertThat(sending.path("status").path("state").asString()).isEqualTo("live");

        // What arrived is a real H.264 + AAC stream, as ffmpeg sent it to the source.
        URI master = base().resolve("/live/rs-mirror/master.m3u8");
        Poll.until("the mirror's playlists", Duration.ofSeconds(20), ffmpeg::describe,
                () -> client().get(master.getPath()).status() == 200);
        JsonNode mirrored = client().get("/api/channels/rs-mirror").json();
        assertThat(mirrored.path("stats").path("width").asInt()).as(mirrored.toString()).isEqualTo(320);
        assertThat(mirrored.path("stats").path("height").asInt()).isEqualTo(240);
        var streams = Ffprobe.streamsByType(Ffprobe.streams(master.toString()));
        assertThat(streams.get("video").path("codec_name").asString()).isEqualTo("h264");
        assertThat(streams.get("audio").path("codec_name").asString()).isEqualTo("aac");

        // Turned off while live: the push ends (FCUnpublish), and the mirror's stream with it.
        ApiClient.Response off = source.send("PUT", "/api/channels/rs-source/restreams/" + id, Map.of("enabled", false));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        Poll.until("the mirror offline once the push is off", Duration.ofSeconds(20), ffmpeg::describe,
                () -> !live("rs-mirror"));
        assertThat(destination(source, "rs-source", id).path("status").path("state").asString()).isEqualTo("disabled");
        assertThat(live("rs-source")).as("the source itself goes on").isTrue();

        // On again: pushed again at once, from the cached keyframe.
        source.send("PUT", "/api/channels/rs-source/restreams/" + id, Map.of("enabled", true));
        Poll.until("the mirror live again", Duration.ofSeconds(30), ffmpeg::describe, () -> live("rs-mirror"));

        // The source ends: so does the push.
        ffmpeg.kill();
        Poll.until("the mirror offline after the source", Duration.ofSeconds(30),
                () -> destination(source, "rs-source", id).toString(), () -> !live("rs-mirror"));
        Poll.until("the destination idle", Duration.ofSeconds(20), () -> "", () -> destination(source, "rs-source", id)
                .path("status").path("state").asString().equals("offline"));
    }

    @Test
    void aRefusedKeyIsRetriedAndTheDestinationsReasonShown() {
        ApiClient owner = account("rs-refused");
        long id = owner.send("POST", "/api/channels/rs-refused/restreams",
                Map.of("name", "Typo", "url", rtmpServer(), "streamKey", "not-a-key-of-this-server")).json()
                .path("id").asLong();
        ExternalProcess ffmpeg = publish(key(owner, "rs-refused"), Duration.ofSeconds(30));
        JsonNode failing = Poll.until("the destination retrying", Duration.ofSeconds(30), ffmpeg::describe, () -> {
            JsonNode d = destination(owner, "rs-refused", id);
            return d.path("status").path("state").asString().equals("retrying") ? Optional.of(d) : Optional.empty();
        });
        assertThat(failing.path("status").path("detail").asString()).as(failing.toString())
                .contains("NetStream.Publish");
        Poll.until("the stream live all the same: a failing destination does not touch it", Duration.ofSeconds(20),
                ffmpeg::describe, () -> live("rs-refused"));
        assertThat(destination(owner, "rs-refused", id).path("status").path("state").asString())
                .as("still retrying").isIn("retrying", "connecting");
    }

    @Test
    void onlyTheOwnerManagesDestinationsEachInputIsCheckedAndTheKeyIsNeverShownBack() {
        ApiClient owner = account("rs-owner");
        String url = "/api/channels/rs-owner/restreams";
        ApiClient.Response empty = owner.send("POST", url, Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("errors").findValuesAsString("field")).containsExactly("name", "streamKey", "url");
        ApiClient.Response http = owner.send("POST", url, Map.of("name", "x", "url", "http://example.org/live",
                "streamKey", "k1234567"));
        assertThat(http.json().path("errors").get(0).path("field").asString()).isEqualTo("url");
        assertThat(http.json().path("errors").get(0).path("message").asString()).contains("rtmp://");
        ApiClient.Response self = owner.send("POST", url, Map.of("name", "x", "url", rtmpServer(),
                "streamKey", key(owner, "rs-owner")));
        assertThat(self.json().path("errors").get(0).path("field").asString()).isEqualTo("streamKey");
        assertThat(self.json().path("errors").get(0).path("message").asString()).contains("own stream key");

        String secret = "live_123456789_abcdefWXYZ";
        ApiClient.Response added = owner.send("POST", url, Map.of("name", "Twitch", "url",
                "rtmp://127.0.0.1:1/app", "streamKey", secret));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().path("keyHint").asString()).isEqualTo("…WXYZ");
        assertThat(added.body()).doesNotContain(secret);
        assertThat(owner.get(url).body()).doesNotContain(secret).contains("Twitch");
        long id = added.json().path("id").asLong();

        ApiClient viewer = account("rs-viewer");
        ApiClient admin = account(ADMIN);
        for (ApiClient other : List.of(viewer, admin)) {
            assertThat(other.get(url).status()).isEqualTo(403);
            assertThat(other.send("POST", url, Map.of("name", "x", "url", rtmpServer(), "streamKey", "abcdefgh"))
                    .status()).isEqualTo(403);
            assertThat(other.send("PUT", url + "/" + id, Map.of("enabled", false)).status()).isEqualTo(403);
            assertThat(other.send("DELETE", url + "/" + id, null).status()).isEqualTo(403);
        }
        assertThat(client().get(url).status()).isEqualTo(401);

        assertThat(owner.send("PUT", url + "/" + id, Map.of()).json().path("errors").get(0).path("field")
                .asString()).isEqualTo("enabled");
        for (int i = 1; i < RestreamService.MAX_DESTINATIONS; i++) {
            assertThat(owner.send("POST", url, Map.of("name", "n" + i, "url", "rtmp://127.0.0.1/app",
                    "streamKey", "key-number-" + i)).status()).isEqualTo(201);
        }
        ApiClient.Response sixth = owner.send("POST", url, Map.of("name", "six", "url", "rtmp://127.0.0.1/app",
                "streamKey", "key-number-6"));
        assertThat(sixth.status()).isEqualTo(400);
        assertThat(sixth.json().path("errors").get(0).path("message").asString()).contains("at most 5");
        assertThat(owner.send("DELETE", url + "/" + id, null).status()).isEqualTo(204);
        assertThat(owner.send("DELETE", url + "/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void privateAndLocalAddressesAreRefusedUnlessTheOperatorAllowsThem() {
        assertThat(RestreamService.addressProblem("127.0.0.1", false)).get().asString()
                .contains("private or local address (127.0.0.1)").contains("onair.restream.allow-private");
        assertThat(RestreamService.addressProblem("169.254.169.254", false)).isPresent();
        assertThat(RestreamService.addressProblem("10.1.2.3", false)).isPresent();
        assertThat(RestreamService.addressProblem("127.0.0.1", true)).isEmpty();
        assertThat(RestreamService.addressProblem("8.8.8.8", false)).isEmpty();
    }
}
