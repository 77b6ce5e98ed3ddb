package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.PlatformServerTest;
import io.onair.hls.VodSegment;
import io.onair.hls.VodTrack;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The replay API names a DASH manifest only where there is one: DASH needs fMP4, so a replay recorded as MPEG-TS
 * ({@code onair.hls.format=ts}) has {@code "dash": null} (its {@code /vod/{id}/manifest.mpd} is 404, saying so),
 * while an ended fMP4 one names an MPD that answers. The replays are index rows as the recorder leaves them.
 */
class ReplayDashFieldTest extends PlatformServerTest {
    private static final String OWNER = "rdf-owner";
    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    @Autowired
    private ReplayRepository replays;

    @Test
    void anMpegTsReplayNamesNoDashManifestAndAnFmp4OneDoes() {
        account(OWNER);
        long ts = recorded("ts");
        long fmp4 = recorded("m4s");

        JsonNode tsJson = client().get("/api/replays/" + ts).json();
        assertThat(tsJson.path("dash").isNull()).as(tsJson.toString()).isTrue();
        var tsMpd = client().get("/vod/" + ts + "/manifest.mpd");
        assertThat(tsMpd.status()).isEqualTo(404);
        assertThat(tsMpd.body()).contains("MPEG-TS");

        JsonNode fmp4Json = client().get("/api/replays/" + fmp4).json();
        assertThat(fmp4Json.path("dash").asString()).isEqualTo("/vod/" + fmp4 + "/manifest.mpd");
        assertThat(client().get(fmp4Json.path("dash").asString()).status()).isEqualTo(200);
        assertThat(client().get("/api/channels/" + OWNER + "/replays").json())
                .anyMatch(r -> r.path("id").asLong() == ts && r.path("dash").isNull())
                .anyMatch(r -> r.path("id").asLong() == fmp4 && !r.path("dash").isNull());
    }

    /** An ended replay of one video rendition, three 2 s segments of {@code extension}. */
    private long recorded(String extension) {
        long id = replays.create(OWNER, "", Broadcast.LIVE, T0, false);
        replays.addRendition(id, "source", new VodTrack(false, "avc1.64001f", 640, 360, OptionalDouble.of(30), 0, 0),
                extension);
        boolean fmp4 = extension.equals("m4s");
        if (fmp4) {
            replays.addInit(id, "source", 1000, ReplayKeys.init(id, "source", 1000));
        }
        for (int i = 0; i < 3; i++) {
            replays.addSegment(id, "source", new VodSegment(1000 + i, 180_000L * i, 180_000, false,
                    T0.plusSeconds(2L * i), fmp4 ? OptionalLong.of(1000) : OptionalLong.empty(), 1),
                    ReplayKeys.segment(id, "source", 1000 + i, extension), 2000L * (i + 1));
        }
        replays.setFirstPdt(id, T0);
        replays.end(id, T0.plusSeconds(6));
        return id;
    }
}
