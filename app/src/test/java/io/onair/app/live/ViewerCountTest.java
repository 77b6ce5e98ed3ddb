package io.onair.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.security.OnairUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/** Viewers are visitors, not connections: two tabs of one browser (or one account) count once. */
class ViewerCountTest {
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final LiveRooms rooms = new LiveRooms(JsonMapper.builder().build(), c -> live.get());
    private final List<Connection> opened = new ArrayList<>();
    private int sessions;

    private Connection open(String visitor, Optional<OnairUser> user, int capacity) {
        Connection c = new Connection(new FakeSink(), "s" + (++sessions), "room", visitor, user, capacity,
                task -> Thread.ofVirtual().start(task));
        rooms.room("room").add(c);
        opened.add(c);
        return c;
    }

    @Test
    void twoTabsAreOneViewer() {
        Connection tab1 = open("v:abc", Optional.empty(), 16);
        open("v:abc", Optional.empty(), 16);
        assertThat(rooms.viewers("room")).isEqualTo(1);
        open("u:7", Optional.of(new OnairUser(7, "alice", null, false)), 16);
        open("u:7", Optional.of(new OnairUser(7, "alice", null, false)), 16);
        assertThat(rooms.viewers("room")).isEqualTo(2);
        rooms.leave(tab1);
        assertThat(rooms.viewers("room")).as("the other tab is still open").isEqualTo(2);
        rooms.leave(opened.get(1));
        assertThat(rooms.viewers("room")).isEqualTo(1);
        live.set(false);
        assertThat(rooms.viewers("room")).as("offline channels have no viewers").isZero();
        opened.forEach(c -> c.close(CloseStatus.NORMAL));
    }

    @Test
    void countsArePushedOnlyWhenTheyChange() {
        Room room = rooms.room("room");
        assertThat(room.viewersChanged(3)).isTrue();
        assertThat(room.viewersChanged(3)).isFalse();
        assertThat(room.viewersChanged(4)).isTrue();
    }

    @Test
    void aClientThatFallsBehindIsClosedAndLeavesTheRoom() {
        FakeSink stuck = new FakeSink().blockWrites();
        Connection slow = new Connection(stuck, "slow", "room", "v:slow", Optional.empty(), 16,
                task -> Thread.ofVirtual().start(task));
        Room room = rooms.room("room");
        room.add(slow);
        Connection fast = open("v:fast", Optional.empty(), 64);
        room.broadcast("{\"type\":\"ping\"}");
        stuck.awaitBlocked();
        for (int i = 0; i < 20; i++) {
            room.broadcast("{\"type\":\"chat\",\"n\":" + i + "}");
        }
        assertThat(slow.closed()).isTrue();
        assertThat(room.connections()).as("the slow one left, the other stays").isEqualTo(1);
        assertThat(fast.closed()).isFalse();
        stuck.release();
        assertThat(stuck.awaitClosed().getCode()).isEqualTo(Connection.TOO_SLOW);
        fast.close(CloseStatus.NORMAL);
    }
}
