package io.onair.app.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated account, as the session or a personal access token presents it. Every account is a viewer
 * ({@code ROLE_USER}) and owns its channel (the channel named {@link #username}); site admins have
 * {@code ROLE_ADMIN}. Channel moderation is per channel and checked against the database, not an authority.
 */
public final class OnairUser implements UserDetails, CredentialsContainer {
    /** Sessions are stored serialized in the database (Spring Session JDBC) and outlive a server's version. */
    private static final long serialVersionUID = 1L;

    public static final String ROLE_USER = "ROLE_USER";
    public static final String ROLE_ADMIN = "ROLE_ADMIN";

    private final long id;
    private final String username;
    private String passwordHash;
    private final boolean admin;
    /**
     * Suspended by a site admin: the login is refused ({@link #isAccountNonLocked}). Only ever true for the account
     * a login loads; a session made before is ended when the account is suspended. (A field added to a serialized
     * class with the same serialVersionUID reads as false from sessions stored before it existed.)
     */
    private final boolean suspended;

    public OnairUser(long id, String username, String passwordHash, boolean admin) {
        this(id, username, passwordHash, admin, false);
    }

    public OnairUser(long id, String username, String passwordHash, boolean admin, boolean suspended) {
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.suspended = suspended;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !suspended;
    }

    public long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public boolean admin() {
        return admin;
    }

    /** The account's own channel (the username is the channel name). */
    public String channel() {
        return username;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> a = new ArrayList<>(List.of(new SimpleGrantedAuthority(ROLE_USER)));
        if (admin) {
            a.add(new SimpleGrantedAuthority(ROLE_ADMIN));
        }
        return a;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnairUser u && u.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "OnairUser[" + username + (admin ? ", admin" : "") + "]";
    }
}
