package io.onair.app.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The SSRF guard shared by everything that connects to an address a user typed (webhooks, restream destinations):
 * every address the host resolves to must be public, so a channel owner cannot make the server call its own
 * loopback, the LAN, or the cloud's metadata service at 169.254.169.254. Checked when the address is entered and
 * again before every connection, because a name may resolve elsewhere later (DNS rebinding).
 */
public final class PublicAddresses {
    private PublicAddresses() {
    }

    /**
     * Why {@code host} may not be called, for people; empty when every address it resolves to is public.
     *
     * @param allowSetting the property that lifts the guard, named in the message so the operator of a LAN setup
     *                     knows what to change
     */
    public static Optional<String> problem(String host, String allowSetting) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!isPublic(a)) {
                    return Optional.of("resolves to a private or local address (" + a.getHostAddress()
                            + "); the operator can allow these with " + allowSetting);
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve (" + host + ")");
        }
        return Optional.empty();
    }

    /**
     * Not loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
     * unspecified, multicast, or carrier-grade NAT (100.64/10, RFC 6598).
     */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) {
            return false; // fc00::/7, IPv6 unique local
        }
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return false; // 100.64/10, carrier-grade NAT
        }
        return true;
    }
}
