package io.onair.bench.chat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat under load: {@code clients} WebSockets on {@code /ws/channels/{room}} (anonymous viewers, as most of a big
 * room is) and {@code rate} messages a second posted by {@code posters} accounts through the REST API with personal
 * access tokens (one account may send 1 message a second with bursts of 5: 20/s needs several; 40 accounts post one
 * message every 2 s each). Every message carries its sequence number and the harness's {@code System.nanoTime()}
 * at the moment its POST was sent; each viewer takes {@code nanoTime()} when the frame is complete, so the delay is
 * the whole path (HTTP request, checks, database insert, broadcast, queue, socket) plus the viewer's own receive
 * path, on one clock. The viewers are {@link NioViewers}: two selector threads for all of them, so the load generator
 * costs little next to the server on the same cores. Every client checks it received every accepted message exactly once and in id order.
 *
 * <p>Bounded: connects time out, the posting stops after {@code warmup + duration} seconds and the harness waits at
 * most {@code drain} seconds for the last deliveries. Loopback only (the server's address is 127.0.0.1).
 */
public final class ChatLoad {
    private static final String PASSWORD = "bench-password-0123";
    /** Delay histogram: 10 µs buckets up to 60 s, then one overflow bucket. */
    private static final int BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 6_000_000;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private ChatLoad() {
    }

    /** One viewer: what it received, checked as it arrives (the listener is called for one frame at a time). */
    static final class Client {
        final int index;
        final BitSet seen = new BitSet();
        final CountDownLatch welcomed = new CountDownLatch(1);
        volatile boolean connected;
        volatile int closeCode = -1;
        volatile String error;
        int received;
        int duplicates;
        int outOfOrder;
        long lastId = -1;

        Client(int index) {
            this.index = index;
        }
    }

    public static void run(Map<String, String> a) throws Exception {
        int port = Integer.parseInt(a.getOrDefault("http", "18091"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "5000"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "20"));
        int durationS = Integer.parseInt(a.getOrDefault("duration", "60"));
        int warmupS = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int posters = Integer.parseInt(a.getOrDefault("posters", "40"));
        int selectorThreads = Integer.parseInt(a.getOrDefault("selector-threads", "2"));
        int drainS = Integer.parseInt(a.getOrDefault("drain", "15"));
        long pid = Long.parseLong(a.getOrDefault("pid", "0"));
        Path out = Path.of(a.getOrDefault("out", "."));
        String room = a.getOrDefault("room", "benchroom");
        Files.createDirectories(out);
        String base = "http://127.0.0.1:" + port;

        // 1. Accounts: the room's owner and the posters, each with a personal access token.
        log("creating %d accounts (sign-up, log in with CSRF, token)", posters + 1);
        account(base, room);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < posters; i++) {
            tokens.add(account(base, String.format(Locale.ROOT, "benchposter%03d", i)));
        }

        // 2. Viewers: connected a hundred at a time; each must get its welcome frame.
        AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
        AtomicLong measuredStart = new AtomicLong(Long.MAX_VALUE); // messages sent before it are the warm-up
        NioViewers viewers = new NioViewers(selectorThreads, (c, frame, nanos) -> onFrame(c, frame, nanos, histogram,
                measuredStart));
        List<Client> all = new ArrayList<>();
        Semaphore connecting = new Semaphore(50);
        AtomicInteger connectFailures = new AtomicInteger();
        long t0 = System.nanoTime();
        java.net.InetSocketAddress address = new java.net.InetSocketAddress("127.0.0.1", port);
        String path = "/ws/channels/" + room;
        try (var connectors = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                Client c = new Client(i);
                all.add(c);
                connecting.acquire(); // at most 50 handshakes at once, each released when its welcome frame came
                connectors.execute(() -> {
                    try {
                        viewers.connect(address, path, c);
                        c.connected = true;
                        c.welcomed.await(60, TimeUnit.SECONDS);
                    } catch (IOException e) {
                        c.error = e.toString();
                        connectFailures.incrementAndGet();
                        c.welcomed.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        connecting.release();
                    }
                });
            }
        }
        long welcomed = all.stream().filter(c -> c.connected && c.error == null && c.welcomed.getCount() == 0
                && c.closeCode < 0).count();
        log("%d of %d viewers connected in %.1f s (%d failed)", welcomed, clients, (System.nanoTime() - t0) / 1e9,
                connectFailures.get());
        ProcSample memConnected = ProcSample.of(pid);

        // 3. Posting: one message every 1/rate s, round robin over the posters, each POST sent asynchronously.
        HttpClient poster = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int total = (int) Math.round(rate * (warmupS + durationS));
        int warmupCount = (int) Math.round(rate * warmupS);
        ConcurrentHashMap<Integer, Long> accepted = new ConcurrentHashMap<>(); // seq -> message id
        ConcurrentHashMap<Integer, String> refused = new ConcurrentHashMap<>();
        AtomicLongArray postHistogram = new AtomicLongArray(BUCKETS + 1);
        CountDownLatch answered = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        List<ProcSample> samples = new ArrayList<>();
        long periodNanos = (long) (1e9 / rate);
        log("posting %d messages at %.1f/s from %d accounts (%d s warm-up, %d s measured)", total, rate, posters,
                warmupS, durationS);
        long postStart = System.nanoTime();
        long self = ProcessHandle.current().pid();
        ProcSample harnessFirst = ProcSample.of(self);
        String loadStart = loadAverage();
        ticker.scheduleAtFixedRate(() -> {
            int seq = next.getAndIncrement();
            if (seq >= total) {
                return;
            }
            if (seq == warmupCount) {
                measuredStart.set(seq);
            }
            long sent = System.nanoTime();
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/channels/" + room + "/chat"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + tokens.get(seq % posters))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"b " + seq + " " + sent + "\"}")).build();
            poster.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, e) -> {
                long took = System.nanoTime() - sent;
                if (seq >= warmupCount) {
                    postHistogram.incrementAndGet(bucket(took));
                }
                if (e != null) {
                    refused.put(seq, e.toString());
                } else if (resp.statusCode() == 201) {
                    Matcher m = ID.matcher(resp.body());
                    accepted.put(seq, m.find() ? Long.parseLong(m.group(1)) : -1L);
                } else {
                    refused.put(seq, resp.statusCode() + " " + resp.body());
                }
                answered.countDown();
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        long endNanos = postStart + (long) ((warmupS + durationS) * 1e9);
        while (System.nanoTime() < endNanos + 1_000_000_000L && answered.getCount() > 0) {
            samples.add(ProcSample.of(pid));
            Thread.sleep(1000);
        }
        ProcSample harnessLast = ProcSample.of(self);
        String loadEnd = loadAverage();
        answered.await(20, TimeUnit.SECONDS);
        ticker.shutdownNow();
        double postSeconds = (System.nanoTime() - postStart) / 1e9;

        // 4. Drain: every connected client should hold every accepted message.
        long drainEnd = System.nanoTime() + drainS * 1_000_000_000L;
        while (System.nanoTime() < drainEnd && !allDelivered(all, accepted.size())) {
            Thread.sleep(100);
        }
        ProcSample memAfter = ProcSample.of(pid);
        String heap = heapAfterGc(pid);
        ProcSample memAfterGc = ProcSample.of(pid);

        // 5. Results.
        int clientsComplete = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        int closed = 0;
        Map<Integer, Integer> closeCodes = new java.util.TreeMap<>();
        for (Client c : all) {
            synchronized (c) {
                int got = 0;
                for (int seq : accepted.keySet()) {
                    if (c.seen.get(seq)) {
                        got++;
                    }
                }
                missing += accepted.size() - got;
                if (got == accepted.size() && c.connected) {
                    clientsComplete++;
                }
                duplicates += c.duplicates;
                outOfOrder += c.outOfOrder;
            }
            if (c.closeCode >= 0) {
                closed++;
                closeCodes.merge(c.closeCode, 1, Integer::sum);
            }
        }
        viewers.close();
        long rssMax = samples.stream().mapToLong(ProcSample::rssKb).max().orElse(0);
        long measuredDeliveries = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            measuredDeliveries += histogram.get(i);
        }
        StringWriter table = new StringWriter();
        PrintWriter t = new PrintWriter(table);
        t.printf(Locale.ROOT, "| clients | messages/s (achieved) | messages accepted / refused | deliveries measured "
                + "| delay p50 | p90 | p99 | p99.9 | max | POST p50 / p99 | messages lost | duplicates | out of order "
                + "| clients closed |%n");
        t.printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        t.printf(Locale.ROOT, "| %d of %d | %.1f (%.2f) | %d / %d | %d | %s | %s | %s | %s | %s | %s / %s | %d "
                        + "(%d of %d clients got every message) | %d | %d | %d %s |%n",
                welcomed, clients, rate, total / postSeconds, accepted.size(), refused.size(), measuredDeliveries,
                ms(histogram, 0.50), ms(histogram, 0.90), ms(histogram, 0.99), ms(histogram, 0.999),
                ms(histogram, 1.0), ms(postHistogram, 0.50), ms(postHistogram, 0.99), missing, clientsComplete,
                clients, duplicates, outOfOrder, closed, closeCodes.isEmpty() ? "" : closeCodes.toString());
        t.printf(Locale.ROOT, "%n| server memory | MiB |%n|---|---|%n");
        t.printf(Locale.ROOT, "| RSS with %d viewers connected, before posting | %.0f |%n", welcomed,
                memConnected.rssKb() / 1024.0);
        t.printf(Locale.ROOT, "| RSS max during the run (sampled every second) | %.0f |%n", rssMax / 1024.0);
        t.printf(Locale.ROOT, "| RSS at the end / after a full GC | %.0f / %.0f |%n", memAfter.rssKb() / 1024.0,
                memAfterGc.rssKb() / 1024.0);
        t.printf(Locale.ROOT, "| heap after a full GC (jcmd GC.heap_info) | %s |%n", heap);
        if (!samples.isEmpty()) {
            ProcSample first = samples.get(0);
            ProcSample last = samples.get(samples.size() - 1);
            double cpuS = (last.cpuTicks() - first.cpuTicks()) / 100.0;
            double wallS = (last.nanos() - first.nanos()) / 1e9;
            t.printf(Locale.ROOT, "| server CPU while posting (%% of one core) | %.0f %% |%n", 100 * cpuS / wallS);
            double harnessS = (harnessLast.cpuTicks() - harnessFirst.cpuTicks()) / 100.0;
            t.printf(Locale.ROOT, "| load generator (this harness) CPU while posting (%% of one core) | %.0f %% |%n",
                    100 * harnessS / ((harnessLast.nanos() - harnessFirst.nanos()) / 1e9));
            t.printf(Locale.ROOT, "| load average (1 min) at the start / end of posting | %s / %s |%n", loadStart,
                    loadEnd);
        }
        t.flush();
        System.out.print(table);
        Files.writeString(out.resolve("chat.md"), table.toString());
        StringBuilder errors = new StringBuilder();
        refused.forEach((seq, why) -> errors.append("refused ").append(seq).append(": ").append(why).append('\n'));
        all.stream().filter(c -> c.error != null).limit(20)
                .forEach(c -> errors.append("client ").append(c.index).append(": ").append(c.error).append('\n'));
        Files.writeString(out.resolve("chat-errors.txt"), errors.toString());
        StringBuilder dist = new StringBuilder("percentile delay_ms\n");
        for (double p : new double[] {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0}) {
            dist.append(p * 100).append(' ').append(ms(histogram, p)).append('\n');
        }
        Files.writeString(out.resolve("chat-delay-percentiles.txt"), dist.toString());
    }

    /** One text frame of a viewer (called by its selector thread, one frame at a time per viewer). */
    private static void onFrame(Client c, String frame, long now, AtomicLongArray histogram, AtomicLong measuredFrom) {
        if (frame.startsWith("{\"type\":\"chat\"")) {
            // {"type":"chat","message":{"id":N,...,"text":"b SEQ NANOS",...}}: read without regular expressions (the
            // harness parses 100,000 frames a second on the cores the server uses)
            int id = frame.indexOf("\"id\":");
            int text = frame.indexOf("\"text\":\"b ");
            if (id > 0 && text > 0) {
                int seqFrom = text + 10;
                int seqTo = frame.indexOf(' ', seqFrom);
                int sentTo = frame.indexOf('"', seqTo + 1);
                int idTo = id + 5;
                while (Character.isDigit(frame.charAt(idTo))) {
                    idTo++;
                }
                int seq = Integer.parseInt(frame, seqFrom, seqTo, 10);
                long sent = Long.parseLong(frame, seqTo + 1, sentTo, 10);
                long messageId = Long.parseLong(frame, id + 5, idTo, 10);
                synchronized (c) {
                    if (c.seen.get(seq)) {
                        c.duplicates++;
                    } else {
                        c.seen.set(seq);
                        c.received++;
                    }
                    if (messageId <= c.lastId) {
                        c.outOfOrder++;
                    }
                    c.lastId = messageId;
                }
                if (seq >= measuredFrom.get()) {
                    histogram.incrementAndGet(bucket(now - sent));
                }
            }
        } else if (frame.startsWith("{\"type\":\"welcome\"")) {
            c.welcomed.countDown();
        }
    }

    private static boolean allDelivered(List<Client> all, int accepted) {
        for (Client c : all) {
            if (c.connected && c.closeCode < 0 && c.error == null) {
                synchronized (c) {
                    if (c.received < accepted) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static int bucket(long nanos) {
        return (int) Math.min(BUCKETS, Math.max(0, nanos / BUCKET_NANOS));
    }

    /** The nearest-rank percentile of a histogram, in ms (upper edge of its 10 µs bucket). */
    private static String ms(AtomicLongArray h, double p) {
        long n = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            n += h.get(i);
        }
        if (n == 0) {
            return "-";
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += h.get(i);
            if (seen >= rank) {
                return i == BUCKETS ? ">60000" : String.format(Locale.ROOT, "%.1f", (i + 1L) * BUCKET_NANOS / 1e6);
            }
        }
        return "-";
    }

    /** Signs up {@code username}, logs in as the web UI does (form + CSRF header) and makes a token. */
    private static String account(String base, String username) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/channels")).GET(), 200);
        String signUp = "{\"username\":\"" + username + "\",\"email\":\"" + username + "@bench.invalid\",\"password\":\""
                + PASSWORD + "\"}";
        send(http, withCsrf(cookies, HttpRequest.newBuilder(URI.create(base + "/api/accounts")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(signUp)), 201);
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        send(http, withCsrf(cookies, HttpRequest.newBuilder(URI.create(base + "/api/session")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        String created = send(http, withCsrf(cookies, HttpRequest.newBuilder(URI.create(base + "/api/tokens")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")), 201);
        Matcher m = TOKEN.matcher(created);
        if (!m.find()) {
            throw new IOException("no token in " + created);
        }
        return m.group(1);
    }

    private static HttpRequest.Builder withCsrf(CookieManager cookies, HttpRequest.Builder b) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst()
                .ifPresent(c -> b.header("X-XSRF-TOKEN", c.getValue()));
        return b.header("Accept", "application/json");
    }

    private static String send(HttpClient http, HttpRequest.Builder b, int expected)
            throws IOException, InterruptedException {
        HttpRequest r = b.timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) {
            throw new IOException(r.method() + " " + r.uri() + ": " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    /** A full GC in the server (jcmd GC.run), then the used heap as GC.heap_info reports it. */
    private static String heapAfterGc(long pid) {
        if (pid <= 0) {
            return "-";
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            exec(jcmd, Long.toString(pid), "GC.run");
            String info = exec(jcmd, Long.toString(pid), "GC.heap_info");
            Matcher m = Pattern.compile("committed (\\d+)K, used (\\d+)K").matcher(info);
            if (m.find()) {
                return String.format(Locale.ROOT, "%.0f used of %.0f committed", Long.parseLong(m.group(2)) / 1024.0,
                        Long.parseLong(m.group(1)) / 1024.0);
            }
            return "? (" + info.lines().findFirst().orElse("") + ")";
        } catch (IOException | InterruptedException e) {
            return "? (" + e + ")";
        }
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(output.join(), StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void log(String format, Object... args) {
        System.err.println("chat: " + String.format(Locale.ROOT, format, args));
    }
}
