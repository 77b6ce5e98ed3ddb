package io.onair.app.support;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /overlay/{secret}}: the alerts overlay page for an OBS Browser Source. The page is static; it reads the
 * secret from its URL and opens {@code /ws/overlay/{secret}}, which refuses unknown and rotated secrets.
 */
@Controller
public class OverlayPageController {
    @GetMapping("/overlay/{secret:[A-Za-z0-9_-]{20,64}}")
    public String overlay() {
        return "forward:/overlay.html";
    }
}
