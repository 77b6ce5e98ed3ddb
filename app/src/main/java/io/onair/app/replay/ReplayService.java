package io.onair.app.replay;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.security.OnairUser;
import io.onair.app.storage.BlobStore;
import io.onair.hls.VodRendition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays: who may see and change them, their playlists' data (live recordings from the recorder's memory, ended
 * ones from the index, cached: an ended replay's segments never change), deletion and retention.
 */
public class ReplayService {
    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    /** Ended replays' indexes kept in memory: a 2-hour replay of 5 renditions is ~18,000 small records. */
    private static final int CACHED = 32;

    private final ReplayRepository replays;
    private final ReplayRecorder recorder;
    private final BlobStore store;
    private final ChannelCatalog channels;
    private final ReplayProperties settings;
    private final InstantSource clock;
    private final Map<Long, List<VodRendition>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<VodRendition>> eldest) {
            return size() > CACHED;
        }
    };

    public ReplayService(ReplayRepository replays, ReplayRecorder recorder, BlobStore store, ChannelCatalog channels,
            ReplayProperties settings, InstantSource clock) {
        this.replays = replays;
        this.recorder = recorder;
        this.store = store;
        this.channels = channels;
        this.settings = settings;
        this.clock = clock;
    }

    public ReplayProperties settings() {
        return settings;
    }

    /** The channel's owner or a site admin: may see hidden replays, rename, hide and delete. */
    public boolean canManage(Optional<OnairUser> user, String channel) {
        if (user.isEmpty()) {
            return false;
        }
        if (user.get().admin()) {
            return true;
        }
        return channels.channel(channel).map(ChannelRecord::ownerId).map(o -> o == user.get().id()).orElse(false);
    }

    /**
     * A replay the user may watch: not deleted, not an upload still being processed; hidden ones only for who
     * manages the channel.
     */
    public Broadcast visible(long id, Optional<OnairUser> user) {
        Broadcast b = replays.find(id).filter(x -> !x.deleted() && x.playable())
                .orElseThrow(() -> ApiException.notFound("No replay " + id));
        if (b.hidden() && !canManage(user, b.channel())) {
            throw ApiException.notFound("No replay " + id);
        }
        return b;
    }

    /** The broadcast's row and segments, live or ended (no permission check: callers check). */
    public ReplayView view(Broadcast b) {
        Optional<LiveRecording> live = b.ended().isEmpty() ? recorder.live(b.id()) : Optional.empty();
        if (live.isPresent()) {
            return new ReplayView(b, live.get().renditions());
        }
        if (b.ended().isEmpty()) {
            return new ReplayView(b, replays.renditions(b.id())); // an upload being processed: not cached
        }
        List<VodRendition> renditions;
        synchronized (cache) {
            renditions = cache.get(b.id());
        }
        if (renditions == null) {
            renditions = replays.renditions(b.id());
            synchronized (cache) {
                cache.put(b.id(), renditions);
            }
        }
        return new ReplayView(b, renditions);
    }

    public List<Broadcast> list(String channel, Optional<OnairUser> user, int limit) {
        return replays.list(channel, canManage(user, channel), limit);
    }

    public Broadcast update(long id, OnairUser user, Optional<String> title, Optional<Boolean> hidden) {
        Broadcast b = manageable(id, user);
        replays.update(id, title.map(String::strip).orElse(b.title()), hidden.orElse(b.hidden()));
        return replays.find(id).orElseThrow();
    }

    public void delete(long id, OnairUser user) {
        Broadcast b = manageable(id, user);
        if (b.live()) {
            throw ApiException.conflict("id", "is live: a replay can be deleted once its broadcast ended");
        }
        delete(b);
    }

    private Broadcast manageable(long id, OnairUser user) {
        // An upload being processed is the uploads API's (DELETE there cancels it), not yet a replay.
        Broadcast b = replays.find(id).filter(x -> !x.deleted() && x.playable())
                .orElseThrow(() -> ApiException.notFound("No replay " + id));
        if (!canManage(Optional.of(user), b.channel())) {
            if (b.hidden()) {
                throw ApiException.notFound("No replay " + id);
            }
            throw ApiException.forbidden("Only the channel's owner can change its replays");
        }
        return b;
    }

    /**
     * Deletes a replay's objects that no clip uses, then its index rows (a row a clip still needs stays, hidden). The
     * objects go first: a crash in between leaves rows pointing at nothing for a replay already marked for deletion
     * on the next sweep, never stored bytes no row knows about.
     */
    void delete(Broadcast b) {
        List<String> keys = replays.unclippedKeys(b.id());
        keys.add(ReplayKeys.thumbnails(b.id()));
        keys.add(ReplayKeys.download(b.id()));
        try {
            store.delete(keys);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete replay " + b.id() + " from storage: " + e.getMessage(),
                    e);
        }
        replays.delete(b.id(), clock.instant());
        synchronized (cache) {
            cache.remove(b.id());
        }
        log.info("replays: broadcast {} of {} deleted ({} objects)", b.id(), b.channel(), keys.size());
    }

    /**
     * Deletes the replays and clips of deleted accounts' channels, ended replays past
     * {@code onair.replays.retention-days} and beyond a channel's size limit.
     */
    public int sweepRetention() {
        int deleted = 0;
        for (String channel : replays.channelsOfDeletedAccounts()) {
            deleted += deleteChannel(channel);
        }
        Instant now = clock.instant();
        if (settings.retentionDays() > 0) {
            for (Broadcast b : replays.endedBefore(now.minus(Duration.ofDays(settings.retentionDays())), 1000)) {
                delete(b);
                deleted++;
            }
        }
        long limit = settings.maxBytesPerChannel().toBytes();
        if (limit > 0) {
            for (Map.Entry<String, Long> e : replays.bytesByChannel().entrySet()) {
                long total = e.getValue();
                for (Broadcast b : replays.endedOf(e.getKey())) {
                    if (total <= limit) {
                        break;
                    }
                    delete(b);
                    total -= b.bytes();
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes a channel's clips and ended replays with their stored objects (its account was deleted); how many
     * replays. A replay still being recorded is left to the sweep after it ends.
     */
    public int deleteChannel(String channel) {
        int clips = replays.deleteClipsOf(channel);
        int deleted = 0;
        for (Broadcast b : replays.leftOf(channel)) {
            delete(b); // with the clips gone, a replay deleted before loses the segments they kept, too
            deleted++;
        }
        if (clips > 0 || deleted > 0) {
            log.info("replays: {} replay(s) and {} clip(s) of deleted channel {} deleted", deleted, clips, channel);
        }
        return deleted;
    }

    /** Bytes a channel's replays use and how many there are (hidden included, deleted not). */
    public record Usage(long bytes, int replays) {
    }

    public Usage usage(String channel) {
        List<Broadcast> all = replays.list(channel, true, 100_000);
        return new Usage(all.stream().mapToLong(Broadcast::bytes).sum(), all.size());
    }

    /** Invalidates a cached index (after its thumbnails or rows changed). */
    void forget(long id) {
        synchronized (cache) {
            cache.remove(id);
        }
    }
}
