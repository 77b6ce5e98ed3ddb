package io.onair.app.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /{channel}} serves the watch page; the page reads the channel from its own URL and asks the status API,
 * which answers 404 for channels that do not exist. The pattern matches channel names only, so {@code /api},
 * {@code /live/…} and static files (which contain a dot) never reach it.
 */
@Controller
public class WatchPageController {
    @GetMapping("/{channel:[a-z0-9][a-z0-9_-]{0,31}}")
    public String watch() {
        return "forward:/watch.html";
    }
}
