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
    private long replay;
    private long hiddenReplay;
    private long doomedReplay;
    private String clip;
    private String doomedClip;

    @Autowired
    io.onair.app.replay.ReplayRepository replays;

    @Autowired
    io.onair.app.storage.BlobStore store;

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
                new Row("GET /api/channels/{channel}", "GET", () -> CH, null, 200, 200, 200, 200, 200, 200),
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
                // Restream destinations: the owner's alone (each holds a key to another service; admins cannot read
                // stream keys either). No such destination: 404 once allowed.
                new Row("GET /api/channels/{channel}/restreams", "GET", () -> CH + "/restreams", null, 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/restreams", "POST", () -> CH + "/restreams", Map.of("name", "matrix",
                        "url", "rtmp://127.0.0.1/app", "streamKey", "matrix-key"), 401, 403, 403, 403, 403, 201),
                new Row("PUT /api/channels/{channel}/restreams/{id}", "PUT", () -> CH + "/restreams/999999", Map.of("enabled", false), 401, 403, 403, 403, 403, 404),
                new Row("DELETE /api/channels/{channel}/restreams/{id}", "DELETE", () -> CH + "/restreams/999999", null, 401, 403, 403, 403, 403, 404),
                // Where OBS publishes to: public, the home page shows it before anyone signs up (the key is the secret).
                new Row("GET /api/ingest", "GET", () -> "/api/ingest", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/me/following", "GET", () -> "/api/me/following", null, 401, 200, 200, 200, 200, 200),
                // Webhooks: the owner's alone (their secrets sign the deliveries). A bad URL: 400 for the owner.
                new Row("GET /api/channels/{channel}/webhooks", "GET", () -> CH + "/webhooks", null, 401, 403, 403, 403, 403, 200),
                new Row("POST /api/channels/{channel}/webhooks", "POST", () -> CH + "/webhooks", Map.of("url", "ftp://x"), 401, 403, 403, 403, 403, 400),
                new Row("DELETE /api/channels/{channel}/webhooks/{id}", "DELETE", () -> CH + "/webhooks/999999", null, 401, 403, 403, 403, 403, 404),
                new Row("GET /api/channels/{channel}/webhooks/deliveries", "GET", () -> CH + "/webhooks/deliveries", null, 401, 403, 403, 403, 403, 200),
                // Replays and clips (issue 7): watching is public, changing a replay the owner's and admins', clipping
                // any account's, deleting a clip its author's, the channel's moderators', the owner's and admins'.
                new Row("GET /api/channels/{channel}/replays", "GET", () -> CH + "/replays", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/replays/{id}", "GET", () -> "/api/replays/" + replay, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/replays/{id}", "GET", () -> "/api/replays/" + hiddenReplay, null, 404, 404, 404, 404, 200, 200),
                new Row("PATCH /api/replays/{id}", "PATCH", () -> "/api/replays/" + replay, Map.of("title", "matrix"), 401, 403, 403, 403, 200, 200),
                new Row("DELETE /api/replays/{id}", "DELETE", () -> "/api/replays/" + doomedReplay, null, 401, 403, 403, 403, 204, 404),
                new Row("GET /api/replays/{id}/chat", "GET", () -> "/api/replays/" + replay + "/chat", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/channels/{channel}/storage", "GET", () -> CH + "/storage", null, 401, 403, 403, 403, 200, 200),
                // Not live: nothing to clip (409) for anyone allowed to try.
                new Row("POST /api/channels/{channel}/clips", "POST", () -> CH + "/clips", Map.of("seconds", 10), 401, 409, 409, 409, 409, 409),
                new Row("POST /api/replays/{id}/clips", "POST", () -> "/api/replays/" + replay + "/clips", Map.of("start", 0, "duration", 2), 401, 201, 201, 201, 201, 201),
                new Row("GET /api/clips/{clip}", "GET", () -> "/api/clips/" + clip, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/channels/{channel}/clips", "GET", () -> CH + "/clips", null, 200, 200, 200, 200, 200, 200),
                new Row("DELETE /api/clips/{clip}", "DELETE", () -> "/api/clips/" + doomedClip, null, 401, 403, 403, 204, 404, 404),
                new Row("GET /vod/{id}/master.m3u8", "GET", () -> "/vod/" + replay + "/master.m3u8", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/{id}/master.m3u8", "GET", () -> "/vod/" + hiddenReplay + "/master.m3u8", null, 404, 404, 404, 404, 200, 200),
                new Row("GET /vod/{id}/{rendition}/index.m3u8", "GET", () -> "/vod/" + replay + "/source/index.m3u8", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/{id}/manifest.mpd", "GET", () -> "/vod/" + replay + "/manifest.mpd", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/{id}/{rendition}/{file}", "GET", () -> "/vod/" + replay + "/source/1001.m4s", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/{id}/thumbs.jpg", "GET", () -> "/vod/" + replay + "/thumbs.jpg", null, 404, 404, 404, 404, 404, 404),
                // Made on the first request (503 while it is); the hidden replay's only for who manages it.
                new Row("GET /vod/{id}/download.mp4", "GET", () -> "/vod/" + hiddenReplay + "/download.mp4", null, 404, 404, 404, 404, 503, 503),
                new Row("GET /vod/clips/{clip}/master.m3u8", "GET", () -> "/vod/clips/" + clip + "/master.m3u8", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/clips/{clip}/{rendition}/index.m3u8", "GET", () -> "/vod/clips/" + clip + "/audio/index.m3u8", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/clips/{clip}/manifest.mpd", "GET", () -> "/vod/clips/" + clip + "/manifest.mpd", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /vod/clips/{clip}/{rendition}/{file}", "GET", () -> "/vod/clips/" + clip + "/source/init-1000.mp4", null, 200, 200, 200, 200, 200, 200),
                // Uploads (issue 7): the owner's and admins', like the channel's replays. The matrix sends JSON, not a
                // multipart body: 400 (no file) once allowed; the job does not exist: 404 once allowed.
                new Row("GET /api/channels/{channel}/uploads", "GET", () -> CH + "/uploads", null, 401, 403, 403, 403, 200, 200),
                new Row("POST /api/channels/{channel}/uploads", "POST", () -> CH + "/uploads", Map.of("title", "matrix"), 401, 403, 403, 403, 400, 400),
                new Row("DELETE /api/channels/{channel}/uploads/{job}", "DELETE", () -> CH + "/uploads/999999", null, 401, 403, 403, 403, 404, 404),
                // The overlay page is static (the secret is checked by its WebSocket).
                new Row("GET /overlay/{secret:[A-Za-z0-9_-]{20,64}}", "GET", () -> "/overlay/abcdefghijklmnopqrstuvwx", null, 200, 200, 200, 200, 200, 200),
                // The channel is offline and was never live: no picture for anyone.
                new Row("GET /api/channels/{channel}/thumbnail.jpg", "GET", () -> CH + "/thumbnail.jpg", null, 404, 404, 404, 404, 404, 404),
                new Row("POST /api/accounts", "POST", () -> "/api/accounts", badSignUp, 400, 400, 400, 400, 400, 400),
                new Row("GET /api/me", "GET", () -> "/api/me", null, 401, 200, 200, 200, 200, 200),
                // Who is logged in: every page asks it, so a visitor gets 200 and {"account": null}, not 401.
                new Row("GET /api/session", "GET", () -> "/api/session", null, 200, 200, 200, 200, 200, 200),
                // Site admins list accounts, suspend them (not one another): the spare account, suspended and lifted.
                new Row("GET /api/admin/accounts", "GET", () -> "/api/admin/accounts?q=mx-", null, 401, 403, 403, 403, 200, 403),
                // Who paid how much for channels deleted meanwhile: site admins alone (they refund them).
                new Row("GET /api/admin/payments/unclaimed", "GET", () -> "/api/admin/payments/unclaimed", null, 401, 403, 403, 403, 200, 403),
                new Row("PUT /api/admin/accounts/{username}/suspension", "PUT", () -> "/api/admin/accounts/mx-spare/suspension", Map.of("reason", "matrix"), 401, 403, 403, 403, 204, 403),
                // A forgotten password's link: site admins issue them (for the spare account: nothing changes
                // until the link is used); anyone may use one, the token being the credential (a wrong one here).
                new Row("POST /api/admin/accounts/{username}/password-reset", "POST", () -> "/api/admin/accounts/mx-spare/password-reset", null, 401, 403, 403, 403, 201, 403),
                new Row("POST /api/password-reset", "POST", () -> "/api/password-reset", Map.of("token", "not-a-link",
                        "password", "matrix matrix matrix"), 400, 400, 400, 400, 400, 400),
                new Row("DELETE /api/admin/accounts/{username}/suspension", "DELETE", () -> "/api/admin/accounts/mx-spare/suspension", null, 401, 403, 403, 403, 204, 403),
                // Site admins delete spam accounts (not one another): the doomed account, deleted by the admin; the
                // others are refused before anything is looked up.
                new Row("DELETE /api/admin/accounts/{username}", "DELETE", () -> "/api/admin/accounts/mx-doomed", null, 401, 403, 403, 403, 204, 403),
                // Deleting one's own account, proven by the password (wrong here: 400 for everyone logged in).
                new Row("DELETE /api/me", "DELETE", () -> "/api/me", Map.of("password", "not it"), 401, 400, 400, 400, 400, 400),
                // One's own password, proven by the current one (wrong here: 400 for everyone logged in).
                new Row("PUT /api/me/password", "PUT", () -> "/api/me/password", Map.of("currentPassword", "not it",
                        "newPassword", "matrix matrix matrix"), 401, 400, 400, 400, 400, 400),
                new Row("GET /api/tokens", "GET", () -> "/api/tokens", null, 401, 200, 200, 200, 200, 200),
                new Row("POST /api/tokens", "POST", () -> "/api/tokens", Map.of("name", "matrix"), 401, 201, 201, 201, 201, 201),
                // The owner's token: nobody else's to revoke, not even an admin's.
                new Row("DELETE /api/tokens/{id}", "DELETE", () -> "/api/tokens/" + ownerTokenId, null, 401, 404, 404, 404, 404, 204),
                new Row("GET /api/openapi.json", "GET", () -> "/api/openapi.json", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /api/openapi.json.yaml", "GET", () -> "/api/openapi.json.yaml", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /{channel:[a-z0-9][a-z0-9_-]{0,31}}", "GET", () -> "/" + OWNER, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /embed/{channel:[a-z0-9][a-z0-9_-]{0,31}}", "GET", () -> "/embed/" + OWNER, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /embed/{channel:[a-z0-9][a-z0-9_-]{0,31}}/chat", "GET", () -> "/embed/" + OWNER + "/chat", null, 200, 200, 200, 200, 200, 200),
                // Replay and clip pages are static (the API decides what each viewer may see).
                new Row("GET /videos/{id:[0-9]{1,18}}", "GET", () -> "/videos/" + replay, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /clips/{id:[A-Za-z0-9]{1,16}}", "GET", () -> "/clips/" + clip, null, 200, 200, 200, 200, 200, 200),
                new Row("GET /login", "GET", () -> "/login", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /signup", "GET", () -> "/signup", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /reset-password", "GET", () -> "/reset-password", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /dashboard", "GET", () -> "/dashboard", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /settings", "GET", () -> "/settings", null, 200, 200, 200, 200, 200, 200),
                new Row("GET /admin", "GET", () -> "/admin", null, 200, 200, 200, 200, 200, 200),
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
        account("mx-doomed");
        assertThat(owner.send("PUT", CH + "/moderators/mx-mod", null).status()).isEqualTo(204);
        ownerTokenId = owner.send("POST", "/api/tokens", Map.of("name", "to revoke")).json().path("id").asLong();
        chatMessageId = owner.send("POST", CH + "/chat", Map.of("text", "to delete")).json().path("id").asLong();
        assertThat(owner.send("PUT", CH + "/support", SUPPORT).status()).isEqualTo(200);
        replay = recorded(false);
        hiddenReplay = recorded(true);
        doomedReplay = recorded(false);
        clip = clients.get("viewer").send("POST", "/api/replays/" + replay + "/clips", Map.of("start", 0,
                "duration", 2)).json().path("id").asString();
        doomedClip = account("mx-spare").send("POST", "/api/replays/" + replay + "/clips", Map.of("start", 2,
                "duration", 2)).json().path("id").asString();
    }

    /** A replay of the owner's channel as the recorder leaves it: two renditions of three stored 2 s segments. */
    private long recorded(boolean hidden) {
        java.time.Instant t0 = java.time.Instant.parse("2026-11-01T12:00:00Z");
        long id = replays.create(OWNER, "recorded", io.onair.app.replay.Broadcast.LIVE, t0, hidden);
        try {
            for (String r : List.of("source", "audio")) {
                boolean audio = r.equals("audio");
                replays.addRendition(id, r, new io.onair.hls.VodTrack(audio, audio ? "mp4a.40.2" : "avc1.64001f",
                        audio ? 0 : 640, audio ? 0 : 360, audio ? java.util.OptionalDouble.empty()
                                : java.util.OptionalDouble.of(30), audio ? 48_000 : 0, audio ? 2 : 0), "m4s");
                store.put(io.onair.app.replay.ReplayKeys.init(id, r, 1000), new byte[] {1}, "video/mp4");
                replays.addInit(id, r, 1000, io.onair.app.replay.ReplayKeys.init(id, r, 1000));
                for (int i = 0; i < 3; i++) {
                    String key = io.onair.app.replay.ReplayKeys.segment(id, r, 1000 + i, "m4s");
                    store.put(key, new byte[] {2}, "video/iso.segment");
                    replays.addSegment(id, r, new io.onair.hls.VodSegment(1000 + i, 180_000L * i, 180_000, false,
                            t0.plusSeconds(2L * i), java.util.OptionalLong.of(1000), 1), key, 2000L * (i + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        replays.setFirstPdt(id, t0);
        replays.end(id, t0.plusSeconds(6));
        return id;
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
