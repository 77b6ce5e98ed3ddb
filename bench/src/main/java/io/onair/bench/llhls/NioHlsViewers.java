package io.onair.bench.llhls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many simulated LL-HLS viewers on a few selector threads: the load generator must cost far less than the server it
 * measures, on the same cores. With one virtual thread per viewer over {@code java.net.http} the 2,000 viewers took
 * 1.4 of this machine's 2 cores and left the server 0.6 (docs/benchmarks.md, section 7.2); here each viewer is a
 * small state machine on one keep-alive HTTP/1.1 connection, read and written by one of {@code threads} selectors.
 *
 * <p>A viewer does what hls.js does at the live edge, one request at a time: a blocking playlist reload for the part
 * named by the last {@code EXT-X-PRELOAD-HINT} ({@code ?_HLS_msn=N&_HLS_part=P}), then a GET of that part (listed by
 * then), then the reload for the new hint; the first request is a plain playlist GET. Part bodies are counted and
 * dropped as they are read (no part-sized array per response). Responses with {@code Content-Length} and chunked
 * ones are both read. A request that gets no complete answer within {@code timeoutNanos}, an error status, or a
 * closed connection counts as an error; the viewer then starts again on a new connection from a plain playlist GET.
 */
final class NioHlsViewers implements AutoCloseable {
    /** What the viewers report; called on the selector threads, one viewer at a time per thread. */
    interface Listener {
        /** A blocking reload for part {@code msn.part} was answered (200) at {@code now}; it was sent at {@code sent}. */
        void reload(long msn, long part, long sent, long now);

        /** Part {@code msn.part} was read whole ({@code bytes} of body) at {@code now}; the reload before it was sent at {@code sent}. */
        void part(long msn, long part, long sent, long now, long bytes);

        void error(String kind);
    }

    private static final byte[] HINT = "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_PLAYLIST = 1024 * 1024;

    private enum Phase { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILER }

    /** One viewer: its connection and where it is in its request/response loop. */
    private final class Viewer {
        final int selector; // the index of the selector thread that reads it
        SocketChannel channel;
        SelectionKey key;
        // What it asks for: msn < 0 is the first, plain playlist GET.
        long msn = -1;
        long part = -1;
        boolean fetchingPart;
        long nextMsn;    // the hint of the last playlist read
        long nextPart;
        boolean listed;  // in its selector thread's list (for the time-out check)
        long reloadSent; // when the reload before the current part (or the current reload) was sent
        long deadline;   // when the current request times out
        // The response being read.
        Phase phase = Phase.HEAD;
        final byte[] head = new byte[MAX_HEAD];
        int headLength;
        int status;
        boolean chunked;
        boolean closeAfter;
        long remaining;   // body bytes (Content-Length) or chunk bytes still to read
        long bodyBytes;
        byte[] playlist = new byte[16 * 1024];
        int playlistLength;
        ByteBuffer pendingWrite;

        Viewer(int selector) {
            this.selector = selector;
        }
    }

    private final InetSocketAddress address;
    private final String playlistPath;
    private final String partPrefix;
    private final Listener listener;
    private final long timeoutNanos;
    private final Selector[] selectors;
    private final Thread[] threads;
    private final List<ConcurrentLinkedQueue<Viewer>> pending = new ArrayList<>();
    private volatile long stopAt = Long.MAX_VALUE;
    private volatile boolean running = true;

    /**
     * @param basePath the rendition's directory, e.g. {@code /live/bench/source/}: {@code index.m3u8} and the parts
     *                 are under it
     */
    NioHlsViewers(InetSocketAddress address, String basePath, int threadCount, long timeoutNanos, Listener listener)
            throws IOException {
        this.address = address;
        this.playlistPath = basePath + "index.m3u8";
        this.partPrefix = basePath;
        this.listener = listener;
        this.timeoutNanos = timeoutNanos;
        selectors = new Selector[threadCount];
        threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            selectors[i] = Selector.open();
            pending.add(new ConcurrentLinkedQueue<>());
            int index = i;
            threads[i] = Thread.ofPlatform().name("hls-viewers-" + i).daemon().start(() -> loop(index));
        }
    }

    /** Starts viewer {@code id} now: it connects and sends its first request from its selector thread. */
    void start(int id) {
        int s = Math.floorMod(id, selectors.length);
        pending.get(s).add(new Viewer(s));
        selectors[s].wakeup();
    }

    /** No new request is sent from {@code nanos} on (answers still being read are still reported). */
    void stopAt(long nanos) {
        stopAt = nanos;
    }

    private void loop(int index) {
        Selector selector = selectors[index];
        ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024); // shared by this thread's viewers: bodies are dropped
        List<Viewer> mine = new ArrayList<>();
        long nextTimeoutCheck = 0;
        try {
            while (running) {
                selector.select(100);
                long now = System.nanoTime();
                for (Viewer v; (v = pending.get(index).poll()) != null; ) {
                    if (!v.listed) {
                        v.listed = true;
                        mine.add(v);
                    }
                    connect(selector, v, now);
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Viewer v = (Viewer) key.attachment();
                    try {
                        if (key.isValid() && key.isWritable()) {
                            flush(v);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(v, in);
                        }
                    } catch (IOException | RuntimeException e) {
                        fail(v, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
                if (now >= nextTimeoutCheck) {
                    nextTimeoutCheck = now + 100_000_000L;
                    for (Viewer v : mine) {
                        if (v.channel != null && v.deadline != 0 && now > v.deadline) {
                            fail(v, "timeout");
                        }
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("hls-viewers-" + index + ": " + e);
        }
    }

    private void connect(Selector selector, Viewer v, long now) {
        if (now >= stopAt) {
            return;
        }
        try {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address); // blocking: loopback answers at once
            ch.configureBlocking(false);
            v.channel = ch;
            v.key = ch.register(selector, SelectionKey.OP_READ, v);
            v.msn = -1;
            v.part = -1;
            v.fetchingPart = false;
            send(v, now);
        } catch (IOException e) {
            listener.error("connect: " + e.getMessage());
            v.channel = null;
            v.key = null;
            reconnectLater(v);
        }
    }

    /** Connects the viewer again after 100 ms, from its own selector thread. */
    private void reconnectLater(Viewer v) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            pending.get(v.selector).add(v);
            selectors[v.selector].wakeup();
        });
    }

    /** Sends the viewer's next request: the part after a reload that named one, else the reload. */
    private void send(Viewer v, long now) throws IOException {
        if (now >= stopAt) {
            v.deadline = 0;
            return;
        }
        String path;
        if (v.fetchingPart) {
            path = partPrefix + v.msn + "." + v.part + ".m4s";
        } else {
            v.reloadSent = now;
            path = v.msn < 0 ? playlistPath : playlistPath + "?_HLS_msn=" + v.msn + "&_HLS_part=" + v.part;
        }
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        v.phase = Phase.HEAD;
        v.headLength = 0;
        v.playlistLength = 0;
        v.bodyBytes = 0;
        v.deadline = now + timeoutNanos;
        v.pendingWrite = ByteBuffer.wrap(request);
        flush(v);
    }

    private void flush(Viewer v) throws IOException {
        ByteBuffer b = v.pendingWrite;
        if (b == null) {
            return;
        }
        v.channel.write(b);
        if (b.hasRemaining()) {
            v.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            v.pendingWrite = null;
            v.key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * Reads what the socket has (once, unless the buffer filled: a short read means it is empty, and the selector
     * reports it again) and feeds it to the viewer's response parser.
     */
    private void read(Viewer v, ByteBuffer in) throws IOException {
        while (true) {
            in.clear();
            int n = v.channel.read(in);
            if (n < 0) {
                fail(v, "closed by the server");
                return;
            }
            if (n == 0) {
                return;
            }
            in.flip();
            long now = System.nanoTime();
            while (in.hasRemaining()) {
                if (!parse(v, in, now)) {
                    fail(v, "bad response");
                    return;
                }
                if (v.channel == null) {
                    return;
                }
            }
            if (n < in.capacity()) {
                return;
            }
        }
    }

    /** Consumes bytes of the response; on its end handles it and sends the next request. False: not HTTP. */
    private boolean parse(Viewer v, ByteBuffer in, long now) throws IOException {
        switch (v.phase) {
            case HEAD -> {
                while (in.hasRemaining()) {
                    if (v.headLength == MAX_HEAD) {
                        return false;
                    }
                    byte b = in.get();
                    v.head[v.headLength++] = b;
                    if (b == '\n' && v.headLength >= 4 && v.head[v.headLength - 2] == '\r'
                            && v.head[v.headLength - 3] == '\n' && v.head[v.headLength - 4] == '\r') {
                        return headDone(v, now);
                    }
                }
                return true;
            }
            case BODY -> {
                int take = (int) Math.min(in.remaining(), v.remaining);
                body(v, in, take);
                v.remaining -= take;
                if (v.remaining == 0) {
                    return responseDone(v, now);
                }
                return true;
            }
            case CHUNK_SIZE, CHUNK_CRLF, TRAILER -> {
                // Lines: a chunk size (hex, maybe with extensions), the CRLF after chunk data, trailer lines.
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (v.headLength == MAX_HEAD) {
                        return false;
                    }
                    v.head[v.headLength++] = b;
                    if (b != '\n') {
                        continue;
                    }
                    String line = new String(v.head, 0, v.headLength, StandardCharsets.US_ASCII).trim();
                    v.headLength = 0;
                    if (v.phase == Phase.CHUNK_CRLF) {
                        v.phase = Phase.CHUNK_SIZE;
                        return true;
                    }
                    if (v.phase == Phase.TRAILER) {
                        return line.isEmpty() ? responseDone(v, now) : true;
                    }
                    int semi = line.indexOf(';');
                    long size = Long.parseLong(semi < 0 ? line : line.substring(0, semi), 16);
                    if (size == 0) {
                        v.phase = Phase.TRAILER;
                    } else {
                        v.remaining = size;
                        v.phase = Phase.CHUNK_DATA;
                    }
                    return true;
                }
                return true;
            }
            case CHUNK_DATA -> {
                int take = (int) Math.min(in.remaining(), v.remaining);
                body(v, in, take);
                v.remaining -= take;
                if (v.remaining == 0) {
                    v.phase = Phase.CHUNK_CRLF;
                }
                return true;
            }
        }
        return false;
    }

    private boolean headDone(Viewer v, long now) throws IOException {
        String head = new String(v.head, 0, v.headLength, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
            return false;
        }
        v.status = Integer.parseInt(head.substring(9, 12));
        v.chunked = false;
        v.closeAfter = false;
        long length = -1;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                v.chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                v.closeAfter = true;
            }
        }
        v.headLength = 0;
        if (v.chunked) {
            v.phase = Phase.CHUNK_SIZE;
            return true;
        }
        if (length < 0) {
            return false; // a body up to the end of the connection: not what Tomcat sends to keep-alive clients
        }
        v.remaining = length;
        v.phase = Phase.BODY;
        return length > 0 || responseDone(v, now);
    }

    /** Keeps a playlist's bytes (it holds the next hint); counts and drops a part's. */
    private void body(Viewer v, ByteBuffer in, int take) {
        v.bodyBytes += take;
        if (!v.fetchingPart) {
            if (v.playlistLength + take > MAX_PLAYLIST) {
                throw new IllegalStateException("playlist over " + MAX_PLAYLIST + " bytes");
            }
            if (v.playlistLength + take > v.playlist.length) {
                v.playlist = java.util.Arrays.copyOf(v.playlist, Math.max(v.playlist.length * 2,
                        v.playlistLength + take));
            }
            in.get(v.playlist, v.playlistLength, take);
            v.playlistLength += take;
        } else {
            in.position(in.position() + take);
        }
    }

    /** A whole response: report it, pick the next request, send it (or reconnect after an error). */
    private boolean responseDone(Viewer v, long now) throws IOException {
        v.deadline = 0;
        if (v.status != 200) {
            listener.error((v.fetchingPart ? "part " : "reload ") + v.status);
            v.msn = -1;
            v.fetchingPart = false;
        } else if (v.fetchingPart) {
            listener.part(v.msn, v.part, v.reloadSent, now, v.bodyBytes);
            v.fetchingPart = false;
            v.msn = v.nextMsn;
            v.part = v.nextPart;
        } else {
            boolean blocking = v.msn >= 0;
            if (blocking) {
                listener.reload(v.msn, v.part, v.reloadSent, now);
            }
            if (!hint(v)) {
                listener.error("no preload hint");
                v.msn = -1;
            } else if (blocking) {
                v.fetchingPart = true; // the part the reload was for, as hls.js does; then the new hint
            } else {
                v.msn = v.nextMsn;
                v.part = v.nextPart;
            }
        }
        if (v.closeAfter) {
            v.key.cancel();
            v.channel.close();
            v.channel = null;
            connect(v.key.selector(), v, now);
            return true;
        }
        send(v, now);
        return true;
    }

    /** Finds {@code #EXT-X-PRELOAD-HINT:TYPE=PART,URI="N.P.m4s"} in the playlist read: the next part. */
    private static boolean hint(Viewer v) {
        byte[] p = v.playlist;
        outer:
        for (int i = 0; i + HINT.length <= v.playlistLength; i++) {
            for (int j = 0; j < HINT.length; j++) {
                if (p[i + j] != HINT[j]) {
                    continue outer;
                }
            }
            int k = i + HINT.length;
            long msn = 0;
            int digits = 0;
            for (; k < v.playlistLength && p[k] >= '0' && p[k] <= '9'; k++, digits++) {
                msn = msn * 10 + (p[k] - '0');
            }
            if (digits == 0 || k >= v.playlistLength || p[k] != '.') {
                return false;
            }
            long part = 0;
            digits = 0;
            for (k++; k < v.playlistLength && p[k] >= '0' && p[k] <= '9'; k++, digits++) {
                part = part * 10 + (p[k] - '0');
            }
            if (digits == 0) {
                return false;
            }
            v.nextMsn = msn;
            v.nextPart = part;
            return true;
        }
        return false;
    }

    private void fail(Viewer v, String kind) {
        listener.error(kind);
        if (v.key != null) {
            v.key.cancel();
        }
        if (v.channel != null) {
            try {
                v.channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        v.channel = null;
        v.key = null;
        v.deadline = 0;
        if (System.nanoTime() < stopAt && running) {
            reconnectLater(v);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        io.onair.bench.SelectorThreads.stop(selectors, threads);
    }
}
