package io.onair.app.support;

import io.onair.app.security.OnairUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me/following}: the channels the caller follows. The home page puts the followed live channels
 * first (the public directory stays the same for everyone: cacheable, and no per-viewer query on its hot path).
 */
@RestController
public class FollowingController {
    private final SupportRepository support;

    public FollowingController(SupportRepository support) {
        this.support = support;
    }

    @GetMapping("/api/me/following")
    public SupportController.Following following(@AuthenticationPrincipal OnairUser user) {
        return new SupportController.Following(support.following(user.id()));
    }
}
