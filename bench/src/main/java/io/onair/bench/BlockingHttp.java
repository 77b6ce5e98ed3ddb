package io.onair.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A bare HTTP/1.1 keep-alive GET over one blocking socket, read on the calling thread: for timing answers to the
 * microsecond. java.net.http reads on its selector thread and completes the caller's future through an executor,
 * which added about a millisecond, more than the server's own share, between a held playlist leaving the server and
 * the watcher seeing it. Bounded: {@link #TIMEOUT} per read, {@link #MAX_BODY} per body, {@link #MAX_HEADER} per
 * header block; anything else than a well-formed answer closes the connection and reads as empty.
 */
final class BlockingHttp implements AutoCloseable {
    /** Longer than the server may hold a blocking request (three 2 s target durations). */
    static final int TIMEOUT = 10_000;
    static final int MAX_BODY = 4 << 20;
    static final int MAX_HEADER = 16 << 10;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String connectedTo = "";

    /** The body of a 200 answer to GET {@code uri}; empty for any other status or a failure. */
    Optional<String> text(URI uri) {
        try {
            connect(uri);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = line();
            int contentLength = -1;
            boolean chunked = false;
            boolean closes = false;
            int headerBytes = 0;
            for (String h; !(h = line()).isEmpty(); ) {
                headerBytes += h.length();
                if (headerBytes > MAX_HEADER) {
                    throw new IOException("header block over " + MAX_HEADER + " bytes");
                }
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            byte[] body = chunked ? chunked() : fixed(contentLength);
            if (closes || (!chunked && contentLength < 0)) {
                close();
            }
            return status.startsWith("HTTP/1.1 200 ") ? Optional.of(new String(body, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            close();
            return Optional.empty();
        }
    }

    private void connect(URI uri) throws IOException {
        String to = uri.getHost() + ":" + uri.getPort();
        if (socket != null && !socket.isClosed() && to.equals(connectedTo)) {
            return;
        }
        close();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT);
        socket.setSoTimeout(TIMEOUT);
        in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
        out = socket.getOutputStream();
        connectedTo = to;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed in a header");
            }
            if (b.length() > MAX_HEADER) {
                throw new IOException("header line over " + MAX_HEADER + " bytes");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private byte[] fixed(int length) throws IOException {
        if (length > MAX_BODY) {
            throw new IOException("body of " + length + " bytes");
        }
        if (length < 0) { // until the server closes (HTTP/1.0 style)
            return in.readNBytes(MAX_BODY);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("chunked body over " + MAX_BODY + " bytes");
            }
            body.writeBytes(fixed(size));
            line(); // the CRLF after the chunk
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
