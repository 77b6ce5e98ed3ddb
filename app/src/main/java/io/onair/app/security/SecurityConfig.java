package io.onair.app.security;

import io.onair.app.account.AccessTokenService;
import io.onair.app.account.AccountService;
import io.onair.app.api.MeFactory;
import io.onair.app.web.EmbedPageController;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Reading is public: pages, assets, HLS, {@code GET /api/channels/**} (but a stream key);
 * writing needs an account, by session (the web UI: cookie + CSRF token) or by personal access token
 * ({@code Authorization: Bearer}, no CSRF: a browser never sends it by itself). Which account may change which
 * channel is decided in {@code ChannelService}. Errors are problem+json, never a redirect to a login page.
 *
 * <p>Actuator: health is public (load balancers); Prometheus metrics are for site admins and for scrapers on this
 * machine (loopback). Behind a reverse proxy on the same machine, set {@code server.forward-headers-strategy} so
 * the client's address, not the proxy's, is what is checked.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {
    /** POST logs in, DELETE logs out (Spring Security's filters), GET says who is logged in (AccountController). */
    public static final String LOGIN = "/api/session";

    @Bean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} today; the prefix lets a later default re-hash old passwords on login.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Logins against the accounts, with the account's status (suspended: {@link OnairUser#isAccountNonLocked}) checked
     * after the password rather than before, Spring's default: so "this account is suspended" is told only to whoever
     * knows the password, and a wrong one is just a wrong one.
     */
    @Bean
    AuthenticationProvider accountLogin(AccountService accounts, PasswordEncoder passwords) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(passwords);
        provider.setPreAuthenticationChecks(user -> { });
        provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        return provider;
    }

    @Bean
    HttpFirewall httpFirewall() {
        return new MediaPathFirewall();
    }

    @Bean
    LoginRateLimiter loginRateLimiter(InstantSource clock) {
        return LoginRateLimiter.withDefaults(clock);
    }

    /**
     * Media delivery ({@code /live/**}, the hottest requests, read by players on any origin): no session, no CSRF,
     * no security headers (the servlet sets its own CORS and caching); nothing to authorise.
     */
    @Bean
    @Order(1)
    SecurityFilterChain mediaChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/live/**")
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain appChain(HttpSecurity http, AccessTokenService tokens, LoginRateLimiter limiter,
            JsonMapper json, MeFactory me, AccountService accounts) throws Exception {
        Problems problems = new Problems(json);
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/prometheus").access(new AdminOrLoopback())
                        .requestMatchers(HttpMethod.GET, "/api/channels/*/stream-key").authenticated()
                        // Issue 6: the overlay's secret URL and the activity feed are the owner's.
                        .requestMatchers(HttpMethod.GET, "/api/channels/*/overlay", "/api/channels/*/activity",
                                "/api/channels/*/webhooks", "/api/channels/*/webhooks/deliveries",
                                "/api/channels/*/storage", "/api/channels/*/uploads", "/api/channels/*/restreams")
                        .authenticated()
                        // Issue 7: replays and clips are public (hidden replays answer 404 to all but the owner).
                        .requestMatchers(HttpMethod.GET, "/api/replays/**", "/api/clips/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/channels", "/api/channels/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/ingest").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/openapi.json", "/api/openapi.json/**",
                                "/api/openapi.json.yaml", "/api/openapi.json.yaml/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/accounts", LOGIN).permitAll()
                        .requestMatchers(HttpMethod.GET, LOGIN).permitAll()
                        // A forgotten password's link: its holder is not logged in; the token is the credential.
                        .requestMatchers(HttpMethod.POST, "/api/password-reset").permitAll()
                        // The watch page's WebSocket: anyone may read; the handler lets accounts (the session of
                        // the handshake) write. Cross-site handshakes are refused by the origin check (LiveWiring).
                        .requestMatchers(HttpMethod.GET, "/ws/channels/*").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // Pages, assets, /{channel}, health: public; unexposed actuator paths answer 404.
                        .anyRequest().permitAll())
                // Cookie-to-header CSRF token (XSRF-TOKEN cookie readable by the pages, X-XSRF-TOKEN header):
                // Spring Security's SPA setup. Token-authenticated calls need none.
                .csrf(c -> c.spa().ignoringRequestMatchers(AccessTokenFilter::hasBearer))
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl(LOGIN)
                        .successHandler((request, response, authentication) -> {
                            OnairUser user = (OnairUser) authentication.getPrincipal();
                            limiter.succeeded(user.username());
                            problems.writeJson(response, 200, me.me(user));
                        })
                        .failureHandler((request, response, e) -> {
                            if (e instanceof LockedException) {
                                // After the right password (accountLogin); the reason is for the admins.
                                problems.write(response, HttpStatus.FORBIDDEN,
                                        "This account is suspended by the site's admins", request.getRequestURI());
                                return;
                            }
                            limiter.failed(request.getRemoteAddr(), request.getParameter("username"));
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Wrong username or password",
                                    request.getRequestURI());
                        }))
                .logout(l -> l.logoutRequestMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.DELETE, LOGIN))
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
                .httpBasic(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED, "Log in first", request.getRequestURI()))
                        .accessDeniedHandler((request, response, ex) -> problems.write(response,
                                HttpStatus.FORBIDDEN, ex.getMessage() != null && ex.getMessage().contains("CSRF")
                                        ? "Missing or invalid CSRF token (X-XSRF-TOKEN header)"
                                        : "Not allowed", request.getRequestURI())))
                // The CSP and friends come from web.SecurityHeadersFilter; Spring Security adds frame and
                // caching headers (API answers are not cached) and the same referrer policy. X-Frame-Options DENY
                // everywhere but the embeddable player, which other sites frame (its CSP says which).
                .headers(h -> h.referrerPolicy(r -> r.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::disable)
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(SecurityConfig::embedPage),
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY))))
                .addFilterAfter(new AccessTokenFilter(tokens, problems), SecurityContextHolderFilter.class)
                .addFilterAfter(new SessionAdminRefresh(accounts::isAdmin), AccessTokenFilter.class)
                .addFilterBefore(new LoginThrottleFilter(limiter, problems), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The embeddable player's request, also when forwarded to its page ({@code /embed.html}): the headers are written
     * when the response is committed, in the forward, whose URI is the page's.
     */
    private static boolean embedPage(HttpServletRequest request) {
        String uri = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
        return uri.startsWith(EmbedPageController.PATH_PREFIX);
    }

    /** Site admins from anywhere, anyone from this machine (a local Prometheus or node agent). */
    static final class AdminOrLoopback implements AuthorizationManager<RequestAuthorizationContext> {
        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                RequestAuthorizationContext context) {
            if (isLoopback(context.getRequest())) {
                return new AuthorizationDecision(true);
            }
            Authentication a = authentication.get();
            boolean admin = a != null && a.isAuthenticated()
                    && a.getAuthorities().stream().anyMatch(g -> OnairUser.ROLE_ADMIN.equals(g.getAuthority()));
            return new AuthorizationDecision(admin);
        }

        private static boolean isLoopback(HttpServletRequest request) {
            String address = request.getRemoteAddr();
            return address != null && (address.startsWith("127.") || address.equals("::1")
                    || address.equals("0:0:0:0:0:0:0:1") || address.startsWith("::ffff:127."));
        }
    }
}
