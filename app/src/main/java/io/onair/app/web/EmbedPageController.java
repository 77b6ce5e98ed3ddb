package io.onair.app.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /embed/{channel}} serves the embeddable player, the page streamers put in an {@code <iframe>} on their own
 * sites. It is the one page other sites may frame ({@link SecurityHeadersFilter}, {@code onair.embed.frame-ancestors});
 * like the watch page, it reads the channel from its URL and asks the public status API.
 */
@Controller
@EnableConfigurationProperties(EmbedProperties.class)
public class EmbedPageController {
    /** Where the embeddable player lives: other sites may frame what is under it. */
    public static final String PATH_PREFIX = "/embed/";

    @GetMapping("/embed/{channel:[a-z0-9][a-z0-9_-]{0,31}}")
    public String embed() {
        return "forward:/embed.html";
    }
}
