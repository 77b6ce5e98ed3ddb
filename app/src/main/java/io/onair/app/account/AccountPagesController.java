package io.onair.app.account;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The account pages. Their paths are reserved channel names, and literal paths win over the watch page's
 * {@code /{channel}} pattern. The pages are static; what they show comes from the API.
 */
@Controller
public class AccountPagesController {
    @GetMapping("/login")
    public String login() {
        return "forward:/login.html";
    }

    @GetMapping("/signup")
    public String signup() {
        return "forward:/signup.html";
    }

    /** A forgotten password's link ({@code /reset-password#<token>}): the token never reaches the server here. */
    @GetMapping("/reset-password")
    public String resetPassword() {
        return "forward:/reset-password.html";
    }

    @GetMapping("/dashboard")
    public String dashboard() {
        return "forward:/dashboard.html";
    }

    @GetMapping("/settings")
    public String settings() {
        return "forward:/settings.html";
    }

    /** Site admins' page (accounts: find, suspend, delete); the API refuses everyone else. */
    @GetMapping("/admin")
    public String admin() {
        return "forward:/admin.html";
    }
}
