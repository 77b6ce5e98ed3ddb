package io.onair.app.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * counted, by status class, in {@code onair.delivery.requests}: four pre-registered counters, no per-request
 * allocation.
 */
public final class MediaFastPath implements Filter {
    private final HlsServlet servlet;
    private final Counter[] byStatusClass = new Counter[6];

    public MediaFastPath(HlsServlet servlet, MeterRegistry meters) {
        this.servlet = servlet;
        for (int c = 1; c <= 5; c++) {
            byStatusClass[c] = Counter.builder("onair.delivery.requests").tag("status", c + "xx")
                    .description("HLS/DASH media requests answered, by status class").register(meters);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            servlet.service(request, response);
        } finally {
            int status = ((HttpServletResponse) response).getStatus() / 100;
            if (status >= 1 && status <= 5) {
                byStatusClass[status].increment();
            }
        }
    }
}
