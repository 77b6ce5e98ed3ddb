package io.onair.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The OBS server URL for each way a server can be reached: what streamers copy must be what OBS connects to. */
class PublishUrlTest {

    @Test
    void thePagesHostWithRtmpsPortLeftOutWhenItIsTheDefault() {
        assertThat(new PublishUrl("", "live", () -> 1935).server(Optional.of("onair.example"), "box"))
                .isEqualTo("rtmp://onair.example/live");
        assertThat(new PublishUrl("", "live", () -> 19350).server(Optional.of("onair.example"), "box"))
                .isEqualTo("rtmp://onair.example:19350/live");
    }

    @Test
    void theBannerHasNoPageAndNamesTheMachine() {
        assertThat(new PublishUrl("", "studio", () -> 1935).server(Optional.empty(), "box"))
                .isEqualTo("rtmp://box/studio");
    }

    @Test
    void aConfiguredPublicHostWinsAndKeepsItsOwnPort() {
        assertThat(new PublishUrl("ingest.example", "live", () -> 19350).server(Optional.of("www.example"), "box"))
                .isEqualTo("rtmp://ingest.example:19350/live");
        assertThat(new PublishUrl("ingest.example:1936", "live", () -> 19350).server(Optional.of("www"), "box"))
                .as("behind NAT: OBS uses the outside port").isEqualTo("rtmp://ingest.example:1936/live");
        assertThat(new PublishUrl("[2001:db8::1]:1936", "live", () -> 1935).server(Optional.empty(), "box"))
                .isEqualTo("rtmp://[2001:db8::1]:1936/live");
        assertThat(new PublishUrl("[2001:db8::1]", "live", () -> 1940).server(Optional.empty(), "box"))
                .isEqualTo("rtmp://[2001:db8::1]:1940/live");
    }

    @Test
    void anIpv6PageHostIsBracketed() {
        assertThat(new PublishUrl("", "live", () -> 1935).server(Optional.of("::1"), "box"))
                .isEqualTo("rtmp://[::1]/live");
        assertThat(new PublishUrl("", "live", () -> 1940).server(Optional.of("[::1]"), "box"))
                .isEqualTo("rtmp://[::1]:1940/live");
    }
}
