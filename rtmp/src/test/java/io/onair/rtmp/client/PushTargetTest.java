package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PushTargetTest {
    private static final String KEY = "live_123456_AbCdEf?token=x=y";

    @Test
    void twitchStyleUrlTakesTheDefaultPort() {
        PushTarget t = PushTarget.parse("rtmp://live.twitch.tv/app", KEY);
        assertThat(t).isEqualTo(new PushTarget("live.twitch.tv", 1935, false, "app", KEY,
                "rtmp://live.twitch.tv/app"));
    }

    @Test
    void rtmpsDefaultsTo443AndKeepsAnExplicitPortInTheTcUrl() {
        PushTarget youtube = PushTarget.parse("rtmps://a.rtmps.youtube.com:443/live2", "abcd-efgh-ijkl");
        assertThat(youtube.host()).isEqualTo("a.rtmps.youtube.com");
        assertThat(youtube.port()).isEqualTo(443);
        assertThat(youtube.tls()).isTrue();
        assertThat(youtube.app()).isEqualTo("live2");
        assertThat(youtube.tcUrl()).isEqualTo("rtmps://a.rtmps.youtube.com:443/live2");

        PushTarget implicit = PushTarget.parse("RTMPS://example.com/live", "k");
        assertThat(implicit.port()).isEqualTo(443);
        assertThat(implicit.tls()).isTrue();
        assertThat(implicit.tcUrl()).isEqualTo("rtmps://example.com/live");

        PushTarget custom = PushTarget.parse("rtmp://host:1936/live", "k");
        assertThat(custom.port()).isEqualTo(1936);
        assertThat(custom.tls()).isFalse();
        assertThat(custom.tcUrl()).isEqualTo("rtmp://host:1936/live");
    }

    @Test
    void appKeepsSlashesAndQueryButNotTheLeadingOrTrailingSlash() {
        PushTarget sub = PushTarget.parse("rtmp://host/live/sub/", "k");
        assertThat(sub.app()).isEqualTo("live/sub");
        assertThat(sub.tcUrl()).isEqualTo("rtmp://host/live/sub");

        PushTarget query = PushTarget.parse("rtmp://host:1937//live/sub?auth=s3cr3t&x=1", "k");
        assertThat(query.app()).isEqualTo("live/sub?auth=s3cr3t&x=1");
        assertThat(query.tcUrl()).isEqualTo("rtmp://host:1937/live/sub?auth=s3cr3t&x=1");
        assertThat(query.describe()).isEqualTo("rtmp://host:1937/live/sub?…");
    }

    @Test
    void ipv6HostsAndSurroundingWhitespace() {
        PushTarget v6 = PushTarget.parse("  rtmp://[::1]:1940/live \n", "\tkey ");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(1940);
        assertThat(v6.tcUrl()).isEqualTo("rtmp://[::1]:1940/live");
        assertThat(v6.streamName()).isEqualTo("key");
        assertThat(PushTarget.parse("rtmp://[::1]/live", "k").port()).isEqualTo(1935);
    }

    @Test
    void keysMayHoldQueriesEqualsAndSlashes() {
        assertThat(PushTarget.parse("rtmp://h/live", "a/b?c=d&e=f").streamName()).isEqualTo("a/b?c=d&e=f");
        assertThat(PushTarget.parse("rtmp://h/live", "x".repeat(512)).streamName()).hasSize(512);
    }

    @Test
    void describeAndToStringNeverShowTheKey() {
        PushTarget t = PushTarget.parse("rtmp://live.twitch.tv/app", KEY);
        assertThat(t.describe()).isEqualTo("rtmp://live.twitch.tv/app").doesNotContain("live_123456");
        assertThat(t.toString()).doesNotContain("live_123456").contains("rtmp://live.twitch.tv/app");
    }

    @Test
    void urlErrorsSayWhatIsWrong() {
        assertError(null, "k", "the server URL is empty, e.g. rtmp://live.twitch.tv/app");
        assertError("   ", "k", "the server URL is empty, e.g. rtmp://live.twitch.tv/app");
        assertError("http://host/live", "k", "the server URL must start with rtmp:// or rtmps://");
        assertError("live.twitch.tv/app", "k", "the server URL must start with rtmp:// or rtmps://");
        assertError("rtmp:///live", "k", "the server URL has no host, e.g. rtmp://live.twitch.tv/app");
        assertError("rtmp://:1935/live", "k", "the server URL has no host, e.g. rtmp://live.twitch.tv/app");
        assertError("rtmp://host", "k", "the server URL has no application path, e.g. rtmp://host/live");
        assertError("rtmp://host/", "k", "the server URL has no application path, e.g. rtmp://host/live");
        assertError("rtmp://host/?x=1", "k", "the server URL has no application path, e.g. rtmp://host/live");
        assertError("rtmp://host:abc/live", "k", "the server URL has an invalid port 'abc'");
        assertError("rtmp://host:/live", "k", "the server URL has an invalid port ''");
        assertError("rtmp://host:70000/live", "k", "the server URL's port 70000 is outside 1..65535");
        assertError("rtmp://host:0/live", "k", "the server URL's port 0 is outside 1..65535");
        assertError("rtmp://ho st/live", "k", "the server URL must not contain spaces or control characters");
        assertError("rtmp://user:pw@host/live", "k", "the server URL must not contain user:password@; put "
                + "credentials where the service says (usually the stream key)");
        assertError("rtmp://[::1/live", "k", "the server URL has an unclosed [ in its IPv6 address");
        assertError("rtmp://[::1]x/live", "k", "the server URL has text after its IPv6 address");
        assertError("rtmp://host/" + "a".repeat(1024), "k", "the server URL is longer than 1024 characters");
    }

    @Test
    void keyErrorsSayWhatIsWrong() {
        assertError("rtmp://host/live", null, "the stream key is empty");
        assertError("rtmp://host/live", " \t", "the stream key is empty");
        assertError("rtmp://host/live", "ab cd", "the stream key must not contain spaces or control characters");
        assertError("rtmp://host/live", "ab\u0000cd", "the stream key must not contain spaces or control characters");
        assertError("rtmp://host/live", "ab\u200bcd", "the stream key must not contain spaces or control characters");
        assertError("rtmp://host/live", "x".repeat(513), "the stream key is longer than 512 characters");
    }

    @Test
    void errorMessagesNeverQuoteTheKey() {
        assertThatThrownBy(() -> PushTarget.parse("rtmp://host/live", "secret key"))
                .hasMessageNotContaining("secret");
    }

    private static void assertError(String url, String key, String message) {
        assertThatThrownBy(() -> PushTarget.parse(url, key)).as(url)
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
