package io.onair.app.delivery;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelInfo;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.directory.DirectoryQuery;
import io.onair.app.live.LiveRooms;
import io.onair.app.ingest.ChannelKeys;
import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.stream.IngestStats;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.transcode.LiveTranscoder;
import io.onair.transcode.TranscodeStatus;
import org.springframework.beans.factory.ObjectProvider;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/channels}: which channels exist and which are live, for the home and watch pages. */
@RestController
@RequestMapping("/api/channels")
public class ChannelStatusController {
    private final ChannelKeys keys;
    private final StreamRegistry registry;
    private final HlsOrigin origin;
    private final ChannelCatalog catalog;
    private final LiveRooms rooms;
    /** Absent when {@code onair.transcode.enabled=false}. */
    private final Optional<LiveTranscoder> transcoder;
    /** Before {@code /live/...} in the players' URLs: empty for this server's own port ({@code onair.http.media-url}). */
    private final String mediaUrl;

    public ChannelStatusController(ChannelKeys keys, StreamRegistry registry, HlsOrigin origin,
            ChannelCatalog catalog, LiveRooms rooms, ObjectProvider<LiveTranscoder> transcoder, HttpProperties http) {
        this.transcoder = Optional.ofNullable(transcoder.getIfAvailable());
        this.mediaUrl = http.mediaUrl();
        this.keys = keys;
        this.registry = registry;
        this.origin = origin;
        this.catalog = catalog;
        this.rooms = rooms;
    }

    /**
     * The status with the channel's info (title, category, tags…) beside it: empty info for channels with a
     * static key only. Account channels come from the database (through its in-memory mirror).
     */
    /**
     * @param operated a channel of the operator's static keys ({@code onair.ingest.keys}): no account owns it, so it
     *                 takes no subscriptions or donations (pages need not ask) and site admins edit its info
     */
    public record ChannelView(@JsonUnwrapped ChannelStatus status, ChannelInfo info, int viewers,
            boolean operated) {
    }

    /**
     * The directory: live channels first, most viewers first, then by name; {@code category} (exact, any case) and
     * {@code q} (in the name or title, any case) filter it.
     */
    @GetMapping
    public List<ChannelView> list(@RequestParam(name = "category", required = false) String category,
            @RequestParam(name = "q", required = false) String q) {
        return new DirectoryQuery(category, q).apply(keys.channels().stream().map(this::view).toList(),
                v -> v.status().channel(), ChannelView::info, v -> v.status().live(), ChannelView::viewers);
    }

    /**
     * One channel as the directory lists it. {@code /api/channels/{channel}} is the resource an API client tries
     * first; {@code /status} is where the pages have always asked.
     */
    @GetMapping({"/{channel}", "/{channel}/status"})
    public ChannelView status(@PathVariable("channel") String channel) {
        if (!keys.has(channel)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No channel named '" + channel + "'");
        }
        return view(channel);
    }

    private ChannelView view(String channel) {
        Optional<ChannelRecord> record = catalog.channel(channel);
        return new ChannelView(liveStatus(channel), record.map(ChannelRecord::info).orElse(ChannelInfo.EMPTY),
                rooms.viewers(channel), !record.map(ChannelRecord::hasOwner).orElse(false));
    }

    private ChannelStatus liveStatus(String channel) {
        Optional<Publication> publication = registry.current(channel);
        Optional<HlsChannel> hls = origin.channel(channel);
        boolean live = publication.isPresent() && hls.map(h -> h.live() && h.masterPlaylist().isPresent()).orElse(false);
        return new ChannelStatus(
                channel,
                live,
                live ? Optional.of(mediaUrl + "/live/" + channel + "/master.m3u8") : Optional.empty(),
                publication.map(Publication::startedAt),
                hls.flatMap(HlsChannel::lastLiveAt),
                publication.map(p -> stats(p.stats())),
                publication.flatMap(p -> transcoder.flatMap(t -> t.status(channel))).map(ChannelStatusController::transcode));
    }

    private static ChannelStatus.Transcode transcode(TranscodeStatus t) {
        return new ChannelStatus.Transcode(t.state().name(), t.active(), t.dropped(),
                t.speed().isPresent() ? Optional.of(round1(t.speed().getAsDouble())) : Optional.empty(), t.restarts(),
                t.detail());
    }

    private static ChannelStatus.Stats stats(IngestStats s) {
        return new ChannelStatus.Stats(s.width(), s.height(), round1(s.frameRate()), Math.round(s.videoKbps()),
                Math.round(s.audioKbps()), round1(s.lastKeyframeInterval().orElse(0)));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
