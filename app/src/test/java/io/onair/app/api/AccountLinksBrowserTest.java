package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A newcomer in headless Chromium, from a channel's page: the top bar and the chat offer "Log in" and "Sign up",
 * the sign-up form brings them back to the channel logged in (the bar now names them and links to their dashboard,
 * the chat box is theirs), the dashboard's "Log out" returns the links, and a {@code next} pointing at another site
 * is not followed.
 */
class AccountLinksBrowserTest extends PlatformServerTest {
    private static final String OWNER = "al-owner";
    private Browser browser;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String links() {
        return String.valueOf(browser.eval("const nav = document.querySelector('#account-links');"
                + "return !nav || nav.hidden ? 'none' : [...nav.querySelectorAll('a')]"
                + ".map(a => a.textContent + ' ' + a.getAttribute('href')).join(' | ');"));
    }

    private void waitForPath(String path) {
        Poll.until("at " + path, Duration.ofSeconds(15), browser::diagnostics,
                () -> path.equals(String.valueOf(browser.eval("return location.pathname;"))));
    }

    private void signUp(String username) {
        Poll.until("the sign-up form", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        browser.eval("const f = document.querySelector('#signup-form'); f.username.value = arguments[0];"
                + " f.email.value = arguments[0] + '@example.org'; f.password.value = arguments[1];"
                + " f.requestSubmit(); return true;", username, PASSWORD);
    }

    @Test
    void aVisitorSignsUpFromAChannelPageAndComesBackToIt() {
        account(OWNER);
        browser = Browser.start();
        browser.open(base().resolve("/" + OWNER));
        Poll.until("the visitor's links", Duration.ofSeconds(15), browser::diagnostics,
                () -> !links().equals("none"));
        assertThat(links()).isEqualTo("Log in /login?next=%2F" + OWNER + " | Sign up /signup?next=%2F" + OWNER);
        String both = "/login?next=%2F" + OWNER + " /signup?next=%2F" + OWNER;
        Poll.until("the chat offers logging in or signing up, back to the channel", Duration.ofSeconds(15),
                browser::diagnostics, () -> both.equals(browser.eval("const p = document.querySelector('#chat-login');"
                        + "return p.hidden ? 'hidden' : [...p.querySelectorAll('a')].map(a => a.getAttribute('href'))"
                        + ".join(' ');")));

        browser.eval("document.querySelector('#account-links a.button').click(); return true;");
        waitForPath("/signup");
        Poll.until("the sign-up form", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        assertThat(browser.eval("return document.querySelector('a[href^=\"/login\"]').getAttribute('href');"))
                .as("switching to the login form keeps where to come back to")
                .isEqualTo("/login?next=%2F" + OWNER);
        signUp("al-newcomer");
        waitForPath("/" + OWNER);
        Poll.until("the bar names the account", Duration.ofSeconds(15), browser::diagnostics,
                () -> links().equals("al-newcomer /dashboard"));
        Poll.until("the chat box is theirs", Duration.ofSeconds(15), browser::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.querySelector('#chat-form').hidden;")));
        assertThat(client().login("al-newcomer", PASSWORD).status()).isEqualTo(200);

        browser.eval("document.querySelector('#account-links a').click(); return true;");
        waitForPath("/dashboard");
        Poll.until("the dashboard", Duration.ofSeconds(15), browser::diagnostics,
                () -> "ready".equals(browser.bodyState()));
        browser.eval("document.querySelector('#logout').click(); return true;");
        waitForPath("/");
        Poll.until("the links again, with nothing to come back to on the home page", Duration.ofSeconds(15),
                browser::diagnostics, () -> links().equals("Log in /login | Sign up /signup"));

        browser.open(base().resolve("/signup?next=%2F%2Fevil.example%2F" + OWNER));
        signUp("al-second");
        waitForPath("/dashboard");
        assertThat(String.valueOf(browser.eval("return location.host;"))).isEqualTo(base().getAuthority());
    }

    /**
     * Every script of a page wants the visitor's account (the bar, support, clips; the dashboard's four parts): one
     * {@code GET /api/session} per page, answered 200 for a visitor too, so a public page logs no failed request.
     */
    @Test
    void eachPageAsksWhoTheVisitorIsOnceAndAVisitorsPagesLogNoFailedRequest() {
        String owner = "al-quiet";
        account(owner);
        try (Browser visitor = Browser.start()) {
            for (String page : new String[] {"/", "/" + owner}) {
                visitor.open(base().resolve(page));
                Poll.until("the visitor's links on " + page, Duration.ofSeconds(15), visitor::diagnostics,
                        () -> "Log in".equals(visitor.eval("const a = document.querySelector('#account-links a');"
                                + "return a ? a.textContent : null;")));
                if (page.equals("/")) {
                    Poll.until("the directory (and what the visitor follows) asked", Duration.ofSeconds(15),
                            visitor::diagnostics, () -> !"loading".equals(visitor.bodyState()));
                }
                assertThat(requests(visitor, "/api/session")).as(page).isEqualTo(1);
                assertThat(requests(visitor, "/api/me")).as(page + ": nothing asks /api/me (401) or what a visitor"
                        + " follows").isZero();
                assertThat(visitor.console()).as(page + "'s console").doesNotContain("SEVERE");
            }
            visitor.logIn(base().resolve("/login"), owner, PASSWORD);
            visitor.open(base().resolve("/dashboard"));
            Poll.until("the dashboard", Duration.ofSeconds(15), visitor::diagnostics,
                    () -> "ready".equals(visitor.bodyState()));
            assertThat(requests(visitor, "/api/session")).as("the dashboard's parts share one request").isEqualTo(1);
        }
    }

    /** How many requests the page made to {@code path} (any query), from the browser's resource timing. */
    private static long requests(Browser b, String path) {
        return ((Number) b.eval("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname.startsWith(arguments[0])).length;", path)).longValue();
    }
}
