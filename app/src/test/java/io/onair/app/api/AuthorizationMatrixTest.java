package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint × every role → the expected status, from one table. The table must list every MVC handler
 * mapping the application has (the test enumerates them), so a new endpoint cannot ship without a decision about
 * who may call it. Roles: anonymous, a viewer (another account), another streamer, a moderator of the channel,
 * a site admin and the channel's owner (last, because some of its calls change state: deleting its token).
 * Every client is a browser-like session client with the CSRF token, so what is measured is authorisation.
 */
class AuthorizationMatrixTest extends PlatformServerTest {
    private static final String OWNER = "mx-owner";
    private static final String CH = "/api/channels/" + OWNER;
    private static final List<String> ROLES = List.of("anonymous", "viewer", "other-streamer", "moderator", "admin",
            "owner");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static final Map<String, Object> SUPPORT = Map.of("currency", "USD", "donationMin", 100,
            "donationMax", 10_000, "tiers", List.of(Map.of("tier", 1, "name", "Fan", "price", 499)));

    private final Map<String, ApiClient> clients = new LinkedHashMap<>();
    private long ownerTokenId;
    private long chatMessageId;

    /** One endpoint: its mapping ("GET /api/me"), the request made, and the status per role (in ROLES order). */
    record Row(String mapping, String method, Supplier<String> path, Object body, int... statuses) {
    }

    private List<Row> table() {
        Map<String, Object> info = Map.of("title", "matrix");
        Map<String, Object> badSignUp = Map.of("username", "x", "email", "x", "password", "x");
        return List.of(
                // mapping                                           request                                  anon viewer other mod admin owner
                new Row("GET /api/channels", "GET", () -> "/api/channels", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/channels/{channel}/status", "GET", () -> CH + "/status", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/channels/{channel}/info", "GET", () -> CH + "/info", null, 200, 200, 200, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/info", "PUT", () -> CH + "/info", info, 401, 403, 403, 403, 200, 200),
                new Row("GET /api/channels/{channel}/stream-key", "GET", () -> CH + "/stream-key", null, 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/stream-key/rotate", "POST", () -> CH + "/stream-key/rotate", null, 401, 403, 403, 403, 403, 200),
                new Row("GET /api/channels/{channel}/moderators", "GET", () -> CH + "/moderators", null, 200, 200, 200, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/moderators/{username}", "PUT", () -> CH + "/moderators/mx-spare", null, 401, 403, 403, 403, 204, 204),
                new Row("DELETE /api/channels/{channel}/moderators/{username}", "DELETE", () -> CH + "/moderators/mx-spare", null, 401, 403, 403, 403, 204, 204),
                // Chat (issue 5): reading is public, writing needs an account, moderation the owner, a moderator or an admin.
                new Row("GET /api/channels/{channel}/chat", "GET", () -> CH + "/chat", null, 200, 200, 200, 200, 200, 200),
                new Row("POST /api/channels/{channel}/chat", "POST", () -> CH + "/chat", Map.of("text", "matrix"), 401, 201, 201, 201, 201, 201),
                // Idempotent: the moderator deletes it, the admin and the owner delete it again.
                new Row("DELETE /api/channels/{channel}/chat/{id}", "DELETE", () -> CH + "/chat/" + chatMessageId, null, 401, 403, 403, 204, 204, 204),
                new Row("GET /api/channels/{channel}/chat/bans", "GET", () -> CH + "/chat/bans", null, 401, 403, 403, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/chat/bans/{username}", "PUT", () -> CH + "/chat/bans/mx-spare", Map.of("seconds", 60), 401, 403, 403, 204, 204, 204),
                new Row("DELETE /api/channels/{channel}/chat/bans/{username}", "DELETE", () -> CH + "/chat/bans/mx-spare", null, 401, 403, 403, 204, 204, 204),
                new Row("GET /api/channels/{channel}/chat/settings", "GET", () -> CH + "/chat/settings", null, 200, 200, 200, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/chat/settings", "PUT", () -> CH + "/chat/settings", Map.of("slowModeSeconds", 0, "followersOnly", false), 401, 403, 403, 200, 200, 200),
                // Follows: any account but the owner (its own channel: 400).
                new Row("GET /api/channels/{channel}/follow", "GET", () -> CH + "/follow", null, 200, 200, 200, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/follow", "PUT", () -> CH + "/follow", null, 401, 204, 204, 204, 204, 400),
                new Row("DELETE /api/channels/{channel}/follow", "DELETE", () -> CH + "/follow", null, 401, 204, 204, 204, 204, 204),
                // Support (issue 6): reading is public; paying needs an account (subscribing to your own channel: 400);
                // prices, limits and activity are the owner's and admins'; the overlay's secret URL the owner's alone.
                new Row("GET /api/channels/{channel}/support", "GET", () -> CH + "/support", null, 200, 200, 200, 200, 200, 200),
                new Row("PUT /api/channels/{channel}/support", "PUT", () -> CH + "/support", SUPPORT, 401, 403, 403, 403, 200, 200),
                new Row("POST /api/channels/{channel}/donations", "POST", () -> CH + "/donations", Map.of("amount", 500, "message", "matrix"), 401, 201, 201, 201, 201, 201),
                new Row("POST /api/channels/{channel}/subscriptions", "POST", () -> CH + "/subscriptions", Map.of("tier", 1), 401, 201, 201, 201, 201, 400),
                new Row("GET /api/channels/{channel}/subscription", "GET", () -> CH + "/subscription", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/channels/{channel}/overlay", "GET", () -> CH + "/overlay", null, 401, 403, 403, 403, 403, 200),
                new Row("PUT /api/channels/{channel}/overlay", "PUT", () -> CH + "/overlay", Map.of("muted", false), 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/overlay/rotate", "POST", () -> CH + "/overlay/rotate", null, 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/alerts/test", "POST", () -> CH + "/alerts/test", null, 401, 403, 403, 403, 403, 201),
                new Row("GET /api/channels/{channel}/activity", "GET", () -> CH + "/activity", null, 401, 403, 403, 403, 200, 200),
                new Row("GET /api/me/following", "GET", () -> "/api/me/following", null, 401, 200, 200, 200, 200, 200),
                // Webhooks: the owner's alone (their secrets sign the deliveries). A bad URL: 400 for the owner.
                new Row("GET /api/channels/{channel}/webhooks", "GET", () -> CH + "/webhooks", null, 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/webhooks", "POST", () -> CH + "/webhooks", Map.of("url", "ftp://x"), 401, 403, 403, 403, 403, 400),
                new Row("DELETE /api/channels/{channel}/webhooks/{id}", "DELETE", () -> CH + "/webhooks/999999", null, 401, 403, 403, 403, 403, 404),
                new Row("GET /api/channels/{channel}/webhooks/deliveries", "GET", () -> CH + "/webhooks/deliveries", null, 401, 403, 403, 403, 403, 200),
                // The overlay page is static (the secret is checked by its WebSocket).
                new Row("GET /overlay/{secret:[A-Za-z0-9_-]{20,64}}", "GET", () -> "/overlay/abcdefghijklmnopqrstuvwx", null, 200, 200, 200, 200, 200, 200),
                // The channel is offline and was never live: no picture for anyone.
                new Row("GET /api/channels/{channel}/thumbnail.jpg", "GET", () -> CH + "/thumbnail.jpg", null, 404, 404, 404, 404, 404, 404),
                new Row("POST /api/accounts", "POST", () -> "/api/accounts", badSignUp, 400, 400, 400, 400, 400, 400),
                new Row("GET /api/me", "GET", () -> "/api/me", null, 401, 200, 200, 200, 200, 200),
                new Row("GET /api/tokens", "GET", () -> "/api/tokens", null, 401, 200, 200, 200, 200, 200),
                new Row("POST /api/tokens", "POST", () -> "/api/tokens", Map.of("name", "matrix"), 401, 201, 201, 201, 201, 201),
                // The owner's token: nobody else's to revoke, not even an admin's.
                new Row("DELETE /api/tokens/{id}", "DELETE", () -> "/api/tokens/" + ownerTokenId, null, 401, 404, 404, 404, 404, 204),
                new Row("GET /api/openapi.json", "GET", () -> "/api/openapi.json", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/openapi.json.yaml", "GET", () -> "/api/openapi.json.yaml", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /{channel:[a-z0-9][a-z0-9_-]{0,31}}", "GET", () -> "/" + OWNER, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /login", "GET", () -> "/login", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /signup", "GET", () -> "/signup", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /dashboard", "GET", () -> "/dashboard", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /settings", "GET", () -> "/settings", null, 200, 200, 200, 200, 200, 200),
                // Spring Security's filters, not MVC mappings: login with a wrong password, and the metrics
                // (allowed from this machine, where the test runs, for everyone).
                new Row("filter POST /api/session", "POST", () -> "/api/session", null, 401, 401, 401, 401, 401, 401),
                new Row("actuator GET /actuator/prometheus", "GET", () -> "/actuator/prometheus", null, 200, 200, 200, 200, 200, 200));
    }

    /** Boot's error page renderer: reached by forwards from the container, not a public endpoint. */
    private static final Set<String> NOT_ENDPOINTS = Set.of("ALL /error");

    @BeforeAll
    void accounts() {
        clients.put("anonymous", client());
        clients.put("viewer", account("mx-viewer"));
        clients.put("other-streamer", account("mx-other"));
        clients.put("moderator", account("mx-mod"));
        clients.put("admin", account(ADMIN));
        ApiClient owner = account(OWNER);
        clients.put("owner", owner);
        account("mx-spare");
        assertThat(owner.send("PUT", CH + "/moderators/mx-mod", null).status()).isEqualTo(204);
        ownerTokenId = owner.send("POST", "/api/tokens", Map.of("name", "to revoke")).json().path("id").asLong();
        chatMessageId = owner.send("POST", CH + "/chat", Map.of("text", "to delete")).json().path("id").asLong();
        assertThat(owner.send("PUT", CH + "/support", SUPPORT).status()).isEqualTo(200);
    }

    @Test
    void tableListsEveryHandlerMapping() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    mapped.add("ALL " + pattern);
                }
                methods.forEach(m -> mapped.add(m.name() + " " + pattern));
            }
        }
        mapped.removeAll(NOT_ENDPOINTS);
        Set<String> listed = new TreeSet<>(table().stream().map(Row::mapping).toList());
        assertThat(listed).as("the table must list every endpoint the application maps").containsAll(mapped);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeIf(m -> m.startsWith("filter ") || m.startsWith("actuator "));
        stale.removeAll(mapped);
        assertThat(stale).as("rows for endpoints that do not exist").isEmpty();
    }

    @Test
    void everyRoleGetsTheExpectedStatusFromEveryEndpoint() {
        List<String> mismatches = new ArrayList<>();
        for (String role : ROLES) {
            for (Row row : table()) {
                int expected = row.statuses()[ROLES.indexOf(role)];
                ApiClient c = clients.get(role);
                ApiClient.Response r = row.mapping().startsWith("filter POST /api/session")
                        ? c.login(OWNER, "not the password")
                        : c.send(row.method(), row.path().get(), row.body());
                if (r.status() != expected) {
                    mismatches.add(role + " " + row.method() + " " + row.path().get() + ": expected " + expected
                            + ", got " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
