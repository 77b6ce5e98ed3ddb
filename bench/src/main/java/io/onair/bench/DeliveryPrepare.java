package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.rtmp.RtmpPublisher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Readies the delivery benchmark: publishes the FLV file to Onair in real time for {@code duration} seconds, ends
 * the stream (so the playlist stops changing), then copies Onair's media playlist and its newest full-length
 * segment into the nginx document root under the same paths. Prints the two URL paths, playlist first, for wrk.
 */
final class DeliveryPrepare {

    static void run(Args args) throws Exception {
        FlvFile flv = FlvFile.read(Path.of(args.get("flv")));
        int http = args.integer("onair-http");
        Path root = Path.of(args.get("nginx-root"));
        long durationMs = args.integer("duration", 20) * 1000L;
        try (RtmpPublisher p = RtmpPublisher.publish("127.0.0.1", args.integer("onair-rtmp"), "live",
                args.get("onair-key"))) {
            new RealTimeReplay(flv, List.of(p), durationMs).run(System.nanoTime());
            if (!args.get("end", "true").equals("false")) {
                p.unpublish();
            }
            Thread.sleep(1000);
        }
        URI base = URI.create("http://127.0.0.1:" + http + "/");
        URI master = base.resolve("live/" + args.get("onair-channel", "bench") + "/master.m3u8");
        Http client = new Http();
        URI media = client.mediaPlaylist(master, System.nanoTime() + 5_000_000_000L)
                .orElseThrow(() -> new IllegalStateException("no playlist at " + master));
        byte[] playlist = client.bytes(media).orElseThrow();
        List<MediaPlaylist.Segment> segments = MediaPlaylist.parse(new String(playlist)).segments();
        if (segments.isEmpty()) {
            throw new IllegalStateException(media + " lists no segment");
        }
        // The newest full-length segment (the one the end of the stream cut short would be unrepresentative).
        double longest = segments.stream().mapToDouble(MediaPlaylist.Segment::duration).max().orElseThrow();
        MediaPlaylist.Segment chosen = segments.reversed().stream()
                .filter(s -> s.duration() >= 0.9 * longest).findFirst().orElseThrow();
        URI segment = media.resolve(chosen.uri());
        byte[] bytes = client.bytes(segment).orElseThrow(() -> new IllegalStateException("no segment " + segment));
        client.close();
        for (URI u : List.of(media, segment)) {
            Path file = root.resolve(u.getPath().substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, u == media ? playlist : bytes);
        }
        System.out.println(media.getPath());
        System.out.println(segment.getPath());
    }
}
