package io.onair.app.web;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onair.embed.*}: who may put the embeddable player ({@code /embed/{channel}}) in a frame.
 *
 * @param frameAncestors the sites whose pages may frame it, as CSP {@code frame-ancestors} sources: {@code *} (any
 *                       site: the default, since streamers embed their channel on their own sites and a stream is
 *                       public anyway), or origins such as {@code https://example.com} and
 *                       {@code https://*.example.com}; empty: no site. Every other page may be framed by none.
 */
@ConfigurationProperties("onair.embed")
public record EmbedProperties(@DefaultValue("*") List<String> frameAncestors) {
    /** A scheme, a host (a leading {@code *.} allowed) and an optional port: nothing that could end the directive. */
    private static final Pattern SOURCE = Pattern.compile("\\*|https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:\\d{1,5})?");

    public EmbedProperties {
        frameAncestors = List.copyOf(frameAncestors);
        for (String s : frameAncestors) {
            if (s == null || !SOURCE.matcher(s).matches()) {
                throw new IllegalArgumentException("onair.embed.frame-ancestors: '" + s + "' must be * or an origin"
                        + " such as https://example.com or https://*.example.com (no path)");
            }
        }
    }

    /** The CSP directive's value. */
    String cspSources() {
        return frameAncestors.isEmpty() ? "'none'" : String.join(" ", frameAncestors);
    }
}
