package io.onair.app.live;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * How an anonymous viewer is counted once across tabs without being tracked: pages (not the API, assets or media)
 * hand out a random 128-bit id in a session cookie ({@value #NAME}: no expiry, so the browser drops it when it
 * closes; HttpOnly; SameSite=Lax). The WebSocket handshake reads it; it is kept only on open connections, never
 * stored or logged, and is not tied to anything else. Logged-in viewers are counted by account instead.
 */
public final class VisitorCookie extends OncePerRequestFilter implements HandshakeInterceptor {
    public static final String NAME = "onair_v";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"GET".equals(request.getMethod()) || path.startsWith("/live/") || path.startsWith("/api/")
                || path.startsWith("/assets/") || path.startsWith("/actuator/") || path.startsWith("/ws/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (read(request).isEmpty()) {
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            Cookie cookie = new Cookie(NAME, HexFormat.of().formatHex(id));
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        }
        chain.doFilter(request, response);
    }

    static Optional<String> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName()) && c.getValue().matches("[0-9a-f]{32}")) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (request instanceof ServletServerHttpRequest servlet) {
            read(servlet.getServletRequest()).ifPresent(v -> attributes.put(LiveSocketHandler.VISITOR, v));
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
