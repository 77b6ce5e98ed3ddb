package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import io.onair.app.payment.PaymentCompleted;
import io.onair.app.payment.PaymentLedger;
import io.onair.app.payment.TestModePaymentProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A site admin in headless Chromium: the dashboard links to the admin page, which finds a spam account, suspends it
 * (the reason asked for in a prompt), lifts the suspension and deletes the account (after a confirmation), each time
 * showing what the server now says. A viewer opening the page sees only a notice.
 */
class AdminPageBrowserTest extends PlatformServerTest {
    private static final String SPAMMER = "ap-spammer";
    private Browser browser;

    @Autowired
    PaymentLedger ledger;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String row() {
        return String.valueOf(browser.eval("const li = document.querySelector('#account-list li[data-user=\""
                + SPAMMER + "\"]'); return li ? li.textContent : 'none';"));
    }

    private void click(String label) {
        browser.eval("const li = document.querySelector('#account-list li[data-user=\"" + SPAMMER + "\"]');"
                + "[...li.querySelectorAll('button')].find(b => b.textContent === arguments[0]).click(); return true;",
                label);
    }

    @Test
    void aSiteAdminSuspendsLiftsAndDeletesASpamAccount() {
        account(ADMIN);
        account(SPAMMER);
        account("ap-viewer");
        if (browser == null) {
            browser = Browser.start();
        }
        browser.logIn(base().resolve("/login"), "ap-viewer", PASSWORD);
        browser.open(base().resolve("/admin"));
        Poll.until("a viewer sees the notice", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        assertThat(browser.eval("return document.querySelector('#not-admin').hidden;")).isEqualTo(false);
        assertThat(browser.eval("return document.querySelector('#accounts').hidden;")).isEqualTo(true);
        browser.eval("document.querySelector('#logout').click(); return true;");
        Poll.until("logged out", Duration.ofSeconds(10), browser::diagnostics,
                () -> "/".equals(String.valueOf(browser.eval("return location.pathname;"))));

        browser.logIn(base().resolve("/login"), ADMIN, PASSWORD);
        Poll.until("the dashboard links to the admin page", Duration.ofSeconds(15), browser::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("const a = document.querySelector('#admin-link');"
                        + "return a ? a.hidden : null;")) && "ready".equals(browser.bodyState()));
        browser.eval("document.querySelector('#admin-link').click(); return true;");
        Poll.until("the admin page", Duration.ofSeconds(15), browser::diagnostics,
                () -> "/admin".equals(String.valueOf(browser.eval("return location.pathname;")))
                        && "ready".equals(browser.bodyState()));
        browser.eval("const f = document.querySelector('#account-search'); f.q.value = arguments[0];"
                + " f.requestSubmit(); return true;", "spammer");
        Poll.until("the spammer found", Duration.ofSeconds(10), browser::diagnostics,
                () -> row().contains(SPAMMER + "@example.org"));

        browser.eval("window.prompt = () => 'links to malware'; return true;");
        click("Suspend account");
        Poll.until("suspended, with the reason", Duration.ofSeconds(10), browser::diagnostics,
                () -> row().contains("suspended") && row().contains("links to malware"));
        assertThat(client().login(SPAMMER, PASSWORD).status()).isEqualTo(403);
        browser.eval("const f = document.querySelector('#account-search'); f.q.value = '';"
                + " f.suspended.checked = true; f.requestSubmit(); return true;");
        Poll.until("the suspended ones alone", Duration.ofSeconds(10), browser::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("const users = [...document.querySelectorAll('#account-list li')]"
                        + ".map(li => li.dataset.user); return users.includes('" + SPAMMER + "')"
                        + " && !users.includes('ap-viewer');")));

        click("Lift suspension");
        Poll.until("lifted: gone from the suspended list", Duration.ofSeconds(10), browser::diagnostics,
                () -> row().equals("none") && String.valueOf(browser.eval(
                        "return document.querySelector('#admin-status').textContent;")).contains("lifted"));
        assertThat(client().login(SPAMMER, PASSWORD).status()).isEqualTo(200);

        browser.eval("const f = document.querySelector('#account-search'); f.q.value = arguments[0];"
                + " f.suspended.checked = false; f.requestSubmit(); return true;", SPAMMER);
        Poll.until("the spammer again", Duration.ofSeconds(10), browser::diagnostics,
                () -> row().contains(SPAMMER + "@example.org") && !row().contains("suspended"));
        browser.eval("window.confirm = () => false; return true;");
        click("Delete account");
        assertThat(client().login(SPAMMER, PASSWORD).status()).as("not confirmed: nothing done").isEqualTo(200);
        browser.eval("window.confirm = () => true; return true;");
        click("Delete account");
        Poll.until("deleted", Duration.ofSeconds(10), browser::diagnostics,
                () -> row().equals("none") && String.valueOf(browser.eval(
                        "return document.querySelector('#admin-status').textContent;")).contains("deleted"));
        assertThat(client().login(SPAMMER, PASSWORD).status()).isEqualTo(401);
    }

    /** A payment that went through after its channel was deleted is on the page, with what a refund needs. */
    @Test
    void unclaimedPaymentsAreListedForARefund() {
        ApiClient leaving = account("ap-leaving");
        account("ap-payer");
        long channel = jdbc.sql("select id from channel where name = 'ap-leaving'").query(Long.class).single();
        long payer = jdbc.sql("select id from account where username = 'ap-payer'").query(Long.class).single();
        assertThat(leaving.send("DELETE", "/api/me", Map.of("password", PASSWORD)).status()).isEqualTo(204);
        ledger.complete(new PaymentCompleted(TestModePaymentProvider.NAME, "evt-ap-unclaimed", 1234, "USD",
                Map.of("kind", "donation", "channel", Long.toString(channel), "channelName", "ap-leaving",
                        "account", Long.toString(payer), "username", "ap-payer")));
        account(ADMIN);
        if (browser == null) {
            browser = Browser.start();
        }
        browser.logIn(base().resolve("/login?next=%2Fadmin"), ADMIN, PASSWORD);
        Poll.until("the unclaimed payment listed", Duration.ofSeconds(15), browser::diagnostics,
                () -> String.valueOf(browser.eval("const l = document.querySelector('#unclaimed-list');"
                        + "return l && !document.querySelector('#unclaimed').hidden ? l.textContent : '';"))
                        .matches("(?s).*\\$12\\.34 ap-payer → ap-leaving · test evt-ap-unclaimed · .*TEST MODE.*"));
    }

    /**
     * The static-key channel has no owner and so no dashboard: its info is edited on the admin page, and a bad
     * field is named there as on the dashboard.
     */
    @Test
    void aSiteAdminEditsTheInfoOfTheServersOwnChannel() {
        account(ADMIN);
        if (browser == null) {
            browser = Browser.start();
        }
        browser.logIn(base().resolve("/login?next=%2Fadmin"), ADMIN, PASSWORD);
        Poll.until("the server's channels", Duration.ofSeconds(15), browser::diagnostics,
                () -> "/admin".equals(String.valueOf(browser.eval("return location.pathname;")))
                        && "ready".equals(browser.bodyState())
                        && Boolean.FALSE.equals(browser.eval("return document.querySelector('#operator-channels')"
                                + ".hidden;")));
        assertThat(browser.eval("return [...document.querySelectorAll('#operator-channel option')]"
                + ".map(o => o.value).join();")).as("the static keys' channels only").isEqualTo(STATIC_CHANNEL);

        String fill = "const f = document.querySelector('#operator-info-form'); f.title.value = arguments[0];"
                + " f.category.value = 'Radio'; f.tags.value = 'news, 24h'; f.requestSubmit(); return true;";
        browser.eval(fill, "x".repeat(141));
        Poll.until("a title too long named at its field", Duration.ofSeconds(10), browser::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.querySelector('#operator-info-form"
                        + " [data-error-for=title]').hidden;")));
        browser.eval(fill, "Newsroom, all day");
        Poll.until("saved", Duration.ofSeconds(10), browser::diagnostics,
                () -> "true".equals(String.valueOf(browser.eval(
                        "return document.querySelector('#operator-info-form').dataset.saved;"))));
        JsonNode info = client().get("/api/channels/" + STATIC_CHANNEL).json().path("info");
        assertThat(info.path("title").asString()).isEqualTo("Newsroom, all day");
        assertThat(info.path("tags").toString()).isEqualTo("[\"news\",\"24h\"]");
        assertThat(client().get("/api/channels/" + STATIC_CHANNEL).json().path("operated").asBoolean()).isTrue();
        assertThat(account(ADMIN).get("/api/channels/" + ADMIN).json().path("operated").asBoolean()).isFalse();
    }

    /**
     * A forgotten password: the admin issues a link from the account's row and copies it; opened in a browser (the
     * admin's, logged out), it takes a new password, logs in with it and opens the dashboard, and leaves no token in
     * the address bar. The login page says where such links come from.
     */
    @Test
    void aSiteAdminHandsOverAPasswordResetLink() {
        account(ADMIN);
        account("ap-forgetful");
        if (browser == null) {
            browser = Browser.start();
        }
        browser.open(base().resolve("/login"));
        Poll.until("the login page", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        assertThat(String.valueOf(browser.eval("return document.querySelector('main').textContent;")))
                .contains("Forgot your password? Ask a site admin for a reset link.");
        browser.logIn(base().resolve("/login?next=%2Fadmin"), ADMIN, PASSWORD);
        Poll.until("the admin page", Duration.ofSeconds(15), browser::diagnostics,
                () -> "/admin".equals(String.valueOf(browser.eval("return location.pathname;")))
                        && "ready".equals(browser.bodyState()));
        browser.eval("const f = document.querySelector('#account-search'); f.q.value = arguments[0];"
                + " f.requestSubmit(); return true;", "ap-forgetful");
        Poll.until("the account found", Duration.ofSeconds(10), browser::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval(
                        "return document.querySelector('#account-list li[data-user=\"ap-forgetful\"]') !== null;")));
        browser.eval("const li = document.querySelector('#account-list li[data-user=\"ap-forgetful\"]');"
                + "[...li.querySelectorAll('button')].find(b => b.textContent === 'Password reset link').click();"
                + " return true;");
        String url = Poll.until("the link shown", Duration.ofSeconds(10), browser::diagnostics, () -> {
            Object v = browser.eval("const box = document.querySelector('#reset-link');"
                    + "return box.hidden ? null : document.querySelector('#reset-link-url').value;");
            return java.util.Optional.ofNullable(v).map(String::valueOf).filter(x -> !x.isEmpty());
        });
        assertThat(url).startsWith(base().toString().replaceAll("/$", "") + "/reset-password#");
        assertThat(String.valueOf(browser.eval("return document.querySelector('#reset-link-text').textContent;")))
                .contains("ap-forgetful");

        browser.eval("document.querySelector('#logout').click(); return true;");
        Poll.until("logged out", Duration.ofSeconds(10), browser::diagnostics,
                () -> "/".equals(String.valueOf(browser.eval("return location.pathname;"))));
        browser.open(URI.create(url));
        Poll.until("the reset form", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        assertThat(browser.eval("return location.hash;")).as("the token is off the address bar").isEqualTo("");
        browser.eval("document.querySelector('#password').value = 'my memorable new one';"
                + "document.querySelector('#reset-form').requestSubmit(); return true;");
        Poll.until("logged in on the dashboard", Duration.ofSeconds(15), browser::diagnostics,
                () -> "/dashboard".equals(String.valueOf(browser.eval("return location.pathname;")))
                        && "ready".equals(browser.bodyState()));
        assertThat(client().login("ap-forgetful", "my memorable new one").status()).isEqualTo(200);
        assertThat(client().login("ap-forgetful", PASSWORD).status()).isEqualTo(401);

        browser.open(base().resolve("/reset-password"));
        Poll.until("the page without a token", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        assertThat(browser.eval("return document.querySelector('#link-incomplete').hidden;")).isEqualTo(false);
        assertThat(browser.eval("return document.querySelector('#reset-form').hidden;")).isEqualTo(true);
    }
}
