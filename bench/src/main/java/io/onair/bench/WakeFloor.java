package io.onair.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor under any server's figure in this benchmark: the time for a byte written on loopback to wake another
 * process (a C relay, {@code socat}), which writes it on to a client whose blocking read then wakes. Every server
 * measured here must at least be woken by the keyframe's bytes and then tell a client, so none can list a segment
 * faster than this on the same machine at the same moment. On each keyframe the replay loop writes one byte here
 * right after its writes to the servers, and a thread of its own reads the bytes as they come out of the relay.
 */
final class WakeFloor implements AutoCloseable {
    /** The relay must be up within this time, or the floor is left out of the report. */
    private static final long START_TIMEOUT_MS = 5_000;

    private final Process relay;
    private final Socket in;
    private final Socket out;
    private final ServerSocket listener;
    private final List<Long> sent = new ArrayList<>();
    private final List<Long> arrived = new ArrayList<>();
    private final Thread reader;

    private WakeFloor(Process relay, ServerSocket listener, Socket in, Socket out) {
        this.relay = relay;
        this.listener = listener;
        this.in = in;
        this.out = out;
        this.reader = Thread.ofPlatform().name("floor").daemon().start(this::read);
    }

    /** Starts {@code socat} between two loopback sockets of this process. */
    static WakeFloor start() throws IOException, InterruptedException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int relayPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            relayPort = probe.getLocalPort();
        }
        Process relay = new ProcessBuilder("socat", "-u",
                "TCP-LISTEN:" + relayPort + ",bind=127.0.0.1,reuseaddr,nodelay",
                "TCP:127.0.0.1:" + listener.getLocalPort() + ",nodelay")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true) {
            try {
                Socket out = new Socket(InetAddress.getLoopbackAddress(), relayPort);
                out.setTcpNoDelay(true);
                listener.setSoTimeout((int) START_TIMEOUT_MS);
                Socket in = listener.accept();
                return new WakeFloor(relay, listener, in, out);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !relay.isAlive()) {
                    relay.destroyForcibly();
                    listener.close();
                    throw new IOException("socat did not start: " + e.getMessage(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Called by the replay loop on each keyframe: one byte through the relay, timed when the write returned. */
    void keyframe() throws IOException {
        OutputStream o = out.getOutputStream();
        o.write(1);
        synchronized (sent) {
            sent.add(System.nanoTime());
        }
    }

    private void read() {
        byte[] buffer = new byte[64];
        try (InputStream i = in.getInputStream()) {
            while (true) {
                int n = i.read(buffer);
                long at = System.nanoTime();
                if (n < 0) {
                    return;
                }
                synchronized (arrived) {
                    for (int k = 0; k < n; k++) {
                        arrived.add(at);
                    }
                }
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }

    /** Per keyframe, ms from the write returning to the client reading the byte. */
    List<Double> latenciesMs() {
        List<Double> result = new ArrayList<>();
        synchronized (sent) {
            synchronized (arrived) {
                for (int k = 0; k < Math.min(sent.size(), arrived.size()); k++) {
                    result.add((arrived.get(k) - sent.get(k)) / 1e6);
                }
            }
        }
        return result;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        out.close();
        reader.join(1_000);
        in.close();
        listener.close();
        relay.destroy();
        relay.waitFor(2, TimeUnit.SECONDS);
    }
}
