package io.onair.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Poll;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The write path on the real container: a broadcast never waits for a socket. A viewer that stops reading (its TCP
 * buffers full, its writer blocked) is dropped from the room once 256 frames are queued for it and closed with 4001,
 * while a reading viewer gets every frame and the broadcasting thread (a chat post holds the room's lock while it
 * broadcasts) is never held up by it. The guard for the chat benchmark's loss figures (docs/benchmarks.md).
 */
class SlowClientOnTomcatTest extends PlatformServerTest {
    @Autowired
    LiveRooms rooms;

    @Test
    void aViewerThatStopsReadingIsClosedAndNobodyWaitsForIt() throws Exception {
        account("slow-room");
        String pad = "x".repeat(32 * 1024);
        try (LiveSocketClient reader = new LiveSocketClient(base(), "slow-room", null);
                Socket stuck = new Socket("127.0.0.1", httpPort)) {
            reader.next("welcome", Duration.ofSeconds(5));
            // A WebSocket handshake, then the socket is never read again.
            stuck.setReceiveBufferSize(4096);
            stuck.getOutputStream().write(("GET /ws/channels/slow-room HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = stuck.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            Room room = rooms.room("slow-room");
            Poll.until("both viewers in the room", Duration.ofSeconds(5), () -> "connections " + room.connections(),
                    () -> room.connections() == 2);

            // 640 frames of 32 KB (20 MB: more than loopback buffers hold) to both, 40 at a time; the reader reads
            // each batch before the next (so it never falls behind), the stuck one reads nothing.
            long broadcastNanos = 0;
            for (int batch = 0; batch < 16; batch++) {
                long start = System.nanoTime();
                for (int i = batch * 40; i < (batch + 1) * 40; i++) {
                    // Not "ping": the 25 s heartbeat is a ping too, and one landing mid-test was taken for frame n.
                    rooms.broadcast("slow-room", Map.of("type", "bulk", "n", i, "pad", pad));
                }
                broadcastNanos += System.nanoTime() - start;
                for (int i = batch * 40; i < (batch + 1) * 40; i++) {
                    assertThat(reader.next("bulk", Duration.ofSeconds(20)).path("n").asInt()).isEqualTo(i);
                }
            }
            assertThat(broadcastNanos / 1_000_000).as("broadcasting never waits for the stuck socket").isLessThan(5_000);
            Poll.until("the stuck viewer closed and out of the room", Duration.ofSeconds(10),
                    () -> "connections " + room.connections(), () -> room.connections() == 1);
        }
    }
}
