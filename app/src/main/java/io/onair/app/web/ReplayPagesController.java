package io.onair.app.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Issue 7's pages: {@code /videos/{id}} serves the replay page and {@code /clips/{id}} the clip page. Like the watch
 * page they are static and read the id from their own URL; the API answers 404 for a replay or clip that does not
 * exist (or a hidden replay, to all but its owner). The patterns are the ids the API hands out (a replay's number, a
 * clip's letters and digits), so anything else is a plain 404 without a page.
 */
@Controller
public class ReplayPagesController {
    @GetMapping("/videos/{id:[0-9]{1,18}}")
    public String replay() {
        return "forward:/replay.html";
    }

    @GetMapping("/clips/{id:[A-Za-z0-9]{1,16}}")
    public String clip() {
        return "forward:/clip.html";
    }
}
