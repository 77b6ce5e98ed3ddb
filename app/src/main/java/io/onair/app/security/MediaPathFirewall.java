package io.onair.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall for everything but media delivery. {@code /live/**} is served by the HLS
 * servlet, which parses its paths itself and answers anything malformed ({@code //}, encoded slashes, dot segments)
 * with a 404 carrying CORS headers, so players on other origins see the error; the strict firewall would answer
 * those with a bare 400 first.
 */
final class MediaPathFirewall implements HttpFirewall {
    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri != null && uri.startsWith("/live/")) {
            return new FirewalledRequest(request) {
                @Override
                public void reset() {
                }
            };
        }
        return strict.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
