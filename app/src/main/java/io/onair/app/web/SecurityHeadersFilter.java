package io.onair.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser hardening headers on the web UI and API. The pages have no inline scripts or styles, so the policy can
 * forbid them: user-supplied text that ever slipped into markup still could not run. {@code media-src blob:} is what
 * MediaSource playback (hls.js) needs. Media responses under {@code /live/} are skipped: players on other origins
 * load them, and they carry their own CORS headers.
 *
 * <p>With replays on S3 behind pre-signed redirects ({@code onair.storage.s3.redirect}) the pages' players fetch
 * segments, thumbnails and downloads from the store's origin: it is added to {@code connect-src}, {@code img-src} and
 * {@code media-src}. (The bucket must also answer CORS for the site's origin: see README.) Likewise the origin of
 * {@code onair.http.media-url}, where the watch page's player then fetches live media (the media port or a CDN),
 * is added to {@code connect-src} and {@code media-src}.
 */
@Component
public class SecurityHeadersFilter extends OncePerRequestFilter {
    static final String CSP = csp("");

    private final String csp;
    /** The embeddable player's: the same, but framed by {@code onair.embed.frame-ancestors}. */
    private final String embedCsp;

    public SecurityHeadersFilter(io.onair.app.storage.BlobStore store, io.onair.app.delivery.HttpProperties http,
            EmbedProperties embed) {
        // The origin pre-signed URLs point at (none when the store serves nothing directly): a sample URL's.
        String origin = store.directUrl("replays/0/csp", java.time.Duration.ofMinutes(1))
                .map(u -> " " + u.getScheme() + "://" + u.getAuthority()).orElse("");
        String media = http.mediaUrl().isEmpty() ? "" : " " + java.net.URI.create(http.mediaUrl()).getScheme() + "://"
                + java.net.URI.create(http.mediaUrl()).getRawAuthority();
        this.csp = csp(origin, media.equals(origin) ? "" : media, "'none'");
        this.embedCsp = csp(origin, media.equals(origin) ? "" : media, embed.cspSources());
    }

    private static String csp(String storage) {
        return csp(storage, "", "'none'");
    }

    private static String csp(String storage, String media, String frameAncestors) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + storage + "; "
                + "media-src 'self' blob:" + storage + media + "; worker-src 'self' blob:; connect-src 'self'" + storage
                + media + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/live/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean embeddable = request.getRequestURI().startsWith(EmbedPageController.PATH_PREFIX);
        response.setHeader("Content-Security-Policy", embeddable ? embedCsp : csp);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        chain.doFilter(request, response);
    }
}
