package io.onair.rtmp.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/**
 * The TLS context for rtmps:// targets: the JDK's trust store, and the server's certificate checked against the
 * host name (endpoint identification "HTTPS", as a browser would), so a stream key is never handed to whoever
 * answers for the name. Built once: loading the trust store costs tens of milliseconds.
 */
final class ClientTls {
    private static SslContext context;

    private ClientTls() {
    }

    static synchronized SslContext context() throws SSLException {
        if (context == null) {
            context = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        }
        return context;
    }
}
