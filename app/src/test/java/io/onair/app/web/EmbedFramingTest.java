package io.onair.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.app.delivery.HttpProperties;
import io.onair.app.storage.DiskBlobStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * Which sites may frame what ({@code onair.embed.frame-ancestors}): the embeddable player the configured ones, every
 * other page none; and a configured value cannot smuggle a directive of its own into the policy. (The browser's
 * side, a real cross-origin frame in Chromium, is {@code WatchPageBrowserTest}.)
 */
class EmbedFramingTest {
    @TempDir
    Path store;

    private String csp(List<String> frameAncestors, String uri) throws Exception {
        SecurityHeadersFilter filter = new SecurityHeadersFilter(new DiskBlobStore(store),
                new HttpProperties(DataSize.ofKilobytes(64), true, 8081, "0.0.0.0", 20000, ""),
                new EmbedProperties(frameAncestors));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", uri), response, new MockFilterChain());
        return response.getHeader("Content-Security-Policy");
    }

    @Test
    void onlyTheEmbedIsFramedAndOnlyByTheListedSites() throws Exception {
        List<String> sites = List.of("https://alice.example", "https://*.fans.example:8443");
        assertThat(csp(sites, "/embed/alice")).endsWith("frame-ancestors https://alice.example https://*.fans.example:8443");
        assertThat(csp(sites, "/alice")).endsWith("frame-ancestors 'none'");
        assertThat(csp(sites, "/embed.html")).as("the page itself, not through /embed/").endsWith("frame-ancestors 'none'");
        assertThat(csp(List.of("*"), "/embed/alice")).endsWith("frame-ancestors *");
        assertThat(csp(List.of(), "/embed/alice")).as("embedding off").endsWith("frame-ancestors 'none'");
    }

    @Test
    void aValueThatIsNotAnOriginIsRefusedNamingTheProperty() {
        for (String bad : List.of("https://a.example; script-src *", "'self' 'unsafe-inline'", "https://a.example/path",
                "javascript:x", "")) {
            assertThatThrownBy(() -> new EmbedProperties(List.of(bad))).as(bad)
                    .hasMessageContaining("onair.embed.frame-ancestors");
        }
    }
}
