package io.onair.app.api;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The API as the web UI calls it: one cookie jar per client (the session), the CSRF token read from the
 * {@code XSRF-TOKEN} cookie and sent back as {@code X-XSRF-TOKEN}, JSON bodies; or, with {@link #bearer}, a
 * personal access token and no cookies.
 */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String bearer;
    private boolean csrf = true;

    public ApiClient(URI base) {
        this(base, new CookieManager());
    }

    private ApiClient(URI base, CookieManager cookies) {
        this.base = base;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The same browser (this client's cookies) talking to another server, e.g. the same one restarted. */
    public ApiClient sameBrowserAt(URI otherBase) {
        return new ApiClient(otherBase, cookies);
    }

    /** Sends this token on every request (and no CSRF token). */
    public ApiClient bearer(String token) {
        this.bearer = token;
        this.csrf = false;
        return this;
    }

    /** Leaves the CSRF header out (to show it is required). */
    public ApiClient withoutCsrf() {
        this.csrf = false;
        return this;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body.isEmpty() ? "null" : body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response send(String method, String path, Object jsonBody) {
        String body = jsonBody == null ? null : jsonBody instanceof String s ? s : JSON.writeValueAsString(jsonBody);
        return exchange(method, path, body, "application/json");
    }

    /** Logs in as the web UI does (a form POST); the response. */
    public Response login(String username, String password) {
        ensureCsrfCookie();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return exchange("POST", "/api/session", form, "application/x-www-form-urlencoded");
    }

    /** The session cookies as a {@code Cookie} header value (for a WebSocket handshake made outside this client). */
    public String cookieHeader() {
        return String.join("; ", cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue()).toList());
    }

    public Optional<String> csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst();
    }

    /** Any GET hands out the CSRF cookie (Spring Security's SPA setup renders it on every response). */
    void ensureCsrfCookie() {
        if (csrf && csrfToken().isEmpty()) {
            get("/api/channels");
        }
    }

    private Response exchange(String method, String path, String body, String contentType) {
        if (!method.equals("GET")) {
            ensureCsrfCookie();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + base.getRawAuthority() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        List<String> headers = new ArrayList<>(List.of("Accept", "application/json, */*;q=0.1"));
        if (body != null) {
            headers.addAll(List.of("Content-Type", contentType));
        }
        if (bearer != null) {
            headers.addAll(List.of("Authorization", "Bearer " + bearer));
        }
        if (csrf) {
            csrfToken().ifPresent(t -> headers.addAll(List.of("X-XSRF-TOKEN", t)));
        }
        b.headers(headers.toArray(String[]::new));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
