package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Site admins list accounts: newest first, by a part of the username or e-mail (a {@code _} or {@code %} typed is
 * that character, not a wildcard), the suspended ones alone, a page at a time; deleted accounts are not listed;
 * nobody else may list them, and bad parameters are named.
 */
class AdminAccountsTest extends PlatformServerTest {
    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("accounts").forEach(a -> out.add(a.path("username").asString()));
        return out;
    }

    @Test
    void siteAdminsFindAccountsAPageAtATime() {
        account("ls-x_y");
        account("ls-xzy");
        account("ls-three");
        ApiClient admin = account(ADMIN);
        ApiClient viewer = account("ls-viewer");

        JsonNode all = admin.get("/api/admin/accounts?q=ls-").json();
        assertThat(names(all)).as("newest first").containsExactly("ls-viewer", "ls-three", "ls-xzy", "ls-x_y");
        JsonNode first = all.path("accounts").get(3);
        assertThat(first.path("email").asString()).isEqualTo("ls-x_y@example.org");
        assertThat(first.path("admin").asBoolean()).isFalse();
        assertThat(first.path("live").asBoolean()).isFalse();
        assertThat(first.path("suspended").isNull()).isTrue();
        assertThat(first.path("createdAt").asString()).isNotEmpty();
        assertThat(all.path("next").isNull()).as("one page").isTrue();
        assertThat(names(admin.get("/api/admin/accounts?q=X_Y").json())).as("'_' is not a wildcard, case ignored")
                .containsExactly("ls-x_y");
        assertThat(names(admin.get("/api/admin/accounts?q=ls-three%40example").json())).as("by e-mail")
                .containsExactly("ls-three");
        assertThat(names(admin.get("/api/admin/accounts?q=%25").json())).as("'%' is not a wildcard").isEmpty();

        JsonNode page1 = admin.get("/api/admin/accounts?q=ls-&limit=3").json();
        assertThat(names(page1)).containsExactly("ls-viewer", "ls-three", "ls-xzy");
        long next = page1.path("next").asLong();
        JsonNode page2 = admin.get("/api/admin/accounts?q=ls-&limit=3&before=" + next).json();
        assertThat(names(page2)).containsExactly("ls-x_y");
        assertThat(page2.path("next").isNull()).isTrue();

        assertThat(admin.send("PUT", "/api/admin/accounts/ls-xzy/suspension", Map.of("reason", "spam links"))
                .status()).isEqualTo(204);
        JsonNode suspended = admin.get("/api/admin/accounts?q=ls-&suspended=true").json();
        assertThat(names(suspended)).containsExactly("ls-xzy");
        assertThat(suspended.path("accounts").get(0).path("suspended").path("reason").asString())
                .isEqualTo("spam links");
        assertThat(admin.send("DELETE", "/api/admin/accounts/ls-three", null).status()).isEqualTo(204);
        assertThat(names(admin.get("/api/admin/accounts?q=ls-").json())).as("deleted accounts are not listed")
                .containsExactly("ls-viewer", "ls-xzy", "ls-x_y");
        assertThat(admin.get("/api/admin/accounts?q=" + ADMIN).json().path("accounts").get(0).path("admin")
                .asBoolean()).isTrue();

        for (String bad : List.of("limit=0", "limit=201", "limit=many", "before=0", "before=x", "q=" + "a".repeat(255))) {
            ApiClient.Response r = admin.get("/api/admin/accounts?" + bad);
            assertThat(r.status()).as(bad + ": " + r).isEqualTo(400);
            assertThat(r.json().path("errors").get(0).path("field").asString()).as(bad)
                    .isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
        assertThat(viewer.get("/api/admin/accounts").status()).isEqualTo(403);
        assertThat(client().get("/api/admin/accounts").status()).isEqualTo(401);
    }
}
