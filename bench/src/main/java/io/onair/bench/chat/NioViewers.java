package io.onair.bench.chat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many read-only WebSocket clients on a few selector threads: the load generator must cost far less than the server
 * it measures (java.net.http's WebSocket took a whole core for 5,000 viewers at 20 messages/s here). Each viewer does
 * the RFC 6455 handshake on a blocking socket, then its socket is read by one of {@code threads} selectors, which
 * split the bytes into frames (server frames are unmasked) and hand each complete text frame to {@code onText} with
 * {@code System.nanoTime()} of the read that completed it. Close frames give the close code. Nothing is sent after
 * the handshake (viewers only read; the server's heartbeat is a text frame, no WebSocket ping is expected).
 */
final class NioViewers implements AutoCloseable {
    /** A viewer's socket and its unparsed bytes. */
    static final class Conn {
        final SocketChannel channel;
        final ChatLoad.Client client;
        ByteBuffer in = ByteBuffer.allocateDirect(8192); // direct: no copy through a temporary buffer per read
        ByteBuffer fragments; // a text message split into continuation frames (not expected from Tomcat)

        Conn(SocketChannel channel, ChatLoad.Client client) {
            this.channel = channel;
            this.client = client;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Selector[] selectors;
    private final Thread[] threads;
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<Conn>[] pending;
    /** A complete text frame and when its last byte was read. */
    interface TextHandler {
        void onText(ChatLoad.Client client, String frame, long nanos);
    }

    private final TextHandler onText;
    private volatile boolean running = true;

    @SuppressWarnings("unchecked")
    NioViewers(int threadCount, TextHandler onText) throws IOException {
        this.onText = onText;
        selectors = new Selector[threadCount];
        threads = new Thread[threadCount];
        pending = new ConcurrentLinkedQueue[threadCount];
        for (int i = 0; i < threadCount; i++) {
            selectors[i] = Selector.open();
            pending[i] = new ConcurrentLinkedQueue<>();
            int index = i;
            threads[i] = Thread.ofPlatform().name("viewers-" + i).daemon().start(() -> loop(index));
        }
    }

    /** Connects and upgrades (blocking, so call it from several threads); the socket is then read by a selector. */
    void connect(InetSocketAddress address, String path, ChatLoad.Client client) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(address, 30_000);
            ch.socket().setSoTimeout(30_000);
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            // Read the response head; frames may follow it in the same read.
            ByteBuffer head = ByteBuffer.allocate(8192);
            int end = -1;
            var stream = ch.socket().getInputStream();
            while (end < 0) {
                int n = stream.read(head.array(), head.position(), head.remaining());
                if (n < 0) {
                    throw new IOException("closed during the handshake");
                }
                head.position(head.position() + n);
                end = indexOf(head.array(), head.position(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (end < 0 && !head.hasRemaining()) {
                    throw new IOException("response head too long");
                }
            }
            String status = new String(head.array(), 0, Math.min(end, 64), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
            }
            Conn conn = new Conn(ch, client);
            conn.in.put(head.array(), end + 4, head.position() - end - 4);
            ch.configureBlocking(false);
            int s = Math.floorMod(client.index, selectors.length);
            pending[s].add(conn);
            selectors[s].wakeup();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static int indexOf(byte[] a, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void loop(int index) {
        Selector selector = selectors[index];
        try {
            while (running) {
                selector.select(200);
                long now = System.nanoTime();
                Conn c;
                while ((c = pending[index].poll()) != null) {
                    c.channel.register(selector, SelectionKey.OP_READ, c);
                    frames(c, now); // what came with the handshake (the welcome frame, usually)
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        read(conn, key);
                    } catch (IOException | RuntimeException e) {
                        conn.client.error = e.toString();
                        key.cancel();
                        conn.channel.close();
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("viewers-" + index + ": " + e);
        }
    }

    /**
     * Reads what the socket has. One {@code read} per readiness event unless it filled the buffer: a read that
     * returns less than it had room for has emptied the socket, and the selector (level-triggered) reports the socket
     * again when more arrives. Reading on until a read returns 0 would cost a second system call per frame, which at
     * 100,000 frames a second is CPU taken from the server measured on the same cores.
     */
    private void read(Conn c, SelectionKey key) throws IOException {
        while (true) {
            if (!c.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(c.in.capacity() * 2);
                c.in.flip();
                bigger.put(c.in);
                c.in = bigger;
            }
            int room = c.in.remaining();
            int n = c.channel.read(c.in);
            if (n < 0) {
                if (c.client.closeCode < 0) {
                    c.client.closeCode = 1006;
                }
                key.cancel();
                c.channel.close();
                c.client.welcomed.countDown();
                return;
            }
            if (n == 0) {
                return;
            }
            frames(c, System.nanoTime());
            if (n < room) {
                return;
            }
        }
    }

    /** Hands every complete frame in the buffer on; keeps a partial one. */
    private void frames(Conn c, long now) {
        ByteBuffer b = c.in;
        b.flip();
        while (b.remaining() >= 2) {
            int start = b.position();
            int b0 = b.get(start) & 0xff;
            int b1 = b.get(start + 1) & 0x7f; // server frames are not masked
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (b.remaining() < 4) {
                    break;
                }
                length = b.getShort(start + 2) & 0xffff;
                header = 4;
            } else if (b1 == 127) {
                if (b.remaining() < 10) {
                    break;
                }
                length = b.getLong(start + 2);
                header = 10;
            }
            if (b.remaining() < header + length) {
                break;
            }
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            byte[] payload = new byte[(int) length];
            b.position(start + header);
            b.get(payload);
            if (opcode == 1 && fin) {
                onText.onText(c.client, new String(payload, StandardCharsets.UTF_8), now);
            } else if (opcode == 1 || opcode == 0) {
                if (c.fragments == null) {
                    c.fragments = ByteBuffer.allocate(Math.max(1024, payload.length * 2));
                }
                if (c.fragments.remaining() < payload.length) {
                    ByteBuffer bigger = ByteBuffer.allocate((c.fragments.position() + payload.length) * 2);
                    c.fragments.flip();
                    bigger.put(c.fragments);
                    c.fragments = bigger;
                }
                c.fragments.put(payload);
                if (fin) {
                    onText.onText(c.client, new String(c.fragments.array(), 0, c.fragments.position(),
                            StandardCharsets.UTF_8), now);
                    c.fragments = null;
                }
            } else if (opcode == 8) {
                c.client.closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                c.client.welcomed.countDown();
            }
        }
        b.compact();
    }

    @Override
    public void close() throws IOException {
        running = false;
        io.onair.bench.SelectorThreads.stop(selectors, threads);
    }
}
