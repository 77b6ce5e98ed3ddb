package io.onair.app.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Replays a recorded RTMP client session over a real TCP connection: C0+C1, then waits for S0+S1+S2, then C2 and
 * every following byte as recorded. After the handshake a publisher's bytes do not depend on the server's (the
 * plain handshake's C2 echo is not checked by servers, and the capture's stream id matches what servers return
 * from {@code createStream}). The server's answers are drained on a thread for the whole session, so the server
 * never blocks on a full socket and closing the socket does not reset it with unread data.
 */
public final class RtmpReplay implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;
    private volatile boolean serverClosed;

    private RtmpReplay(Socket socket) {
        this.socket = socket;
        this.reader = Thread.ofVirtual().name("rtmp-replay-reader").start(this::drain);
    }

    /** Connects, completes the handshake and sends the whole capture; the connection stays open. */
    public static RtmpReplay send(String host, int port, byte[] capture) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(capture, 0, RtmpCapture.C0_C1_BYTES);
            out.flush();
            socket.getInputStream().readNBytes(new byte[RtmpCapture.SERVER_HANDSHAKE_BYTES], 0,
                    RtmpCapture.SERVER_HANDSHAKE_BYTES);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("RTMP handshake with " + host + ":" + port + " failed", e);
        }
        RtmpReplay replay = new RtmpReplay(socket);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(capture, RtmpCapture.C0_C1_BYTES, capture.length - RtmpCapture.C0_C1_BYTES);
            out.flush();
        } catch (IOException e) {
            replay.close();
            throw new UncheckedIOException("sending the capture failed after the handshake (server answered "
                    + replay.receivedBytes() + " bytes)", e);
        }
        return replay;
    }

    public int receivedBytes() {
        synchronized (received) {
            return received.size();
        }
    }

    /**
     * Ends the session the way a dropped encoder does: FIN without an unpublish, then waits (bounded) for the server
     * to close its side, which it does once it has read every byte before the FIN.
     */
    public boolean endAndAwaitServerClose(Duration timeout) {
        try {
            socket.shutdownOutput();
            reader.join(timeout);
        } catch (IOException e) {
            return serverClosed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return serverClosed;
    }

    @Override
    public void close() {
        closeQuietly(socket);
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        byte[] buf = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                    continue;
                }
                if (n < 0) {
                    serverClosed = true;
                    return;
                }
                synchronized (received) {
                    received.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // Closed by us, or reset by the server: either way the session is over.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
