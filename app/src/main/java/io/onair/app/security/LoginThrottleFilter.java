package io.onair.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a login (429 with {@code Retry-After}) while its username or address is over the limit. */
final class LoginThrottleFilter extends OncePerRequestFilter {
    private final LoginRateLimiter limiter;
    private final Problems problems;

    LoginThrottleFilter(LoginRateLimiter limiter, Problems problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && SecurityConfig.LOGIN.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> wait = limiter.blocked(request.getRemoteAddr(), request.getParameter("username"));
        if (wait.isPresent()) {
            long seconds = LoginRateLimiter.retryAfterSeconds(wait.get());
            response.setHeader("Retry-After", Long.toString(seconds));
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS,
                    "Too many failed logins: try again in " + ((seconds + 59) / 60) + " minutes",
                    request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
