package io.onair.app.delivery;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The first filter for {@code /live/*}: hands the request straight to the {@link HlsServlet} and ends the chain.
 *
 * <p>Media delivery is public, read-only and the hottest path of the server; the application's filters (Spring
 * Security's chain, a Micrometer observation per request, encoding and request-context filters) cost most of each
 * request here and do nothing for it: a JFR profile of playlist requests put the servlet itself at about 5 % of the
 * time and the filters and their observations at over a third (docs/benchmarks.md, "Delivery"). Requests are still
 * counted ({@link DeliveryCounters}).
 */
public final class MediaFastPath implements Filter {
    private final HlsServlet servlet;
    private final DeliveryCounters counters;

    public MediaFastPath(HlsServlet servlet, DeliveryCounters counters) {
        this.servlet = servlet;
        this.counters = counters;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            servlet.service(request, response);
        } finally {
            counters.count(((HttpServletResponse) response).getStatus());
        }
    }
}
