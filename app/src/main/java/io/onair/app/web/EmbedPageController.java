package io.onair.app.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /embed/{channel}} serves the embeddable player, the page streamers put in an {@code <iframe>} on their own
 * sites, and {@code /embed/{channel}/chat} the embeddable chat (beside it, or as an OBS Browser Source). They are the
 * pages other sites may frame ({@link SecurityHeadersFilter}, {@code onair.embed.frame-ancestors}); like the watch
 * page, they read the channel from their URL and ask the public status API and WebSocket.
 */
@Controller
@EnableConfigurationProperties(EmbedProperties.class)
public class EmbedPageController {
    /** Where the embeddable pages live: other sites may frame what is under it. */
    public static final String PATH_PREFIX = "/embed/";

    @GetMapping("/embed/{channel:[a-z0-9][a-z0-9_-]{0,31}}")
    public String embed() {
        return "forward:/embed.html";
    }

    /** The channel's chat, read-only: beside the embedded player, or over the stream in OBS ({@code ?overlay}). */
    @GetMapping("/embed/{channel:[a-z0-9][a-z0-9_-]{0,31}}/chat")
    public String chat() {
        return "forward:/chat-embed.html";
    }
}
