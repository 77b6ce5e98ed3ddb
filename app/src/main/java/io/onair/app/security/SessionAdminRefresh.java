package io.onair.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a stored session's admin flag in step with {@code onair.admin.usernames}. Sessions live in the database and
 * outlive a restart, and the account in them was made at login: an operator who takes a username off the admin list
 * and restarts expects that person to stop being an admin, not to stay one until the session expires a week later.
 * One set lookup per session-authenticated API request; the corrected account is saved back into the session.
 */
final class SessionAdminRefresh extends OncePerRequestFilter {
    private final Predicate<String> isAdmin;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionAdminRefresh(Predicate<String> isAdmin) {
        this.isAdmin = isAdmin;
    }

    /**
     * Only where an account's rights are used: the API, the WebSocket handshakes, the actuator. Pages and assets
     * need no account, and reading one there would load the stored session for every asset of every page.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/ws/") || path.startsWith("/actuator/")
                || path.startsWith("/vod/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a instanceof UsernamePasswordAuthenticationToken t && t.getPrincipal() instanceof OnairUser u
                && u.admin() != isAdmin.test(u.username())) {
            OnairUser now = new OnairUser(u.id(), u.username(), null, !u.admin());
            UsernamePasswordAuthenticationToken replaced =
                    UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities());
            replaced.setDetails(t.getDetails());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(replaced);
            SecurityContextHolder.setContext(context);
            if (request.getSession(false) != null) {
                sessions.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
