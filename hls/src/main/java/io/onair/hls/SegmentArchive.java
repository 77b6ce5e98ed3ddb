package io.onair.hls;

import java.time.Instant;

/**
 * Port: where the origin hands every segment it lists, for recording (replays, live rewind). Declared here, where
 * segments are made; the application binds it to its recorder (storage + index), tests to a list.
 *
 * <p>Calls come on the packager's or a transcoder's thread <em>under the channel's lock</em>: an implementation
 * must only enqueue and return, never block on storage or a database, and never throw (a recording problem must
 * not break the live stream). Per channel, calls are in order: a rendition's init segment before the first segment
 * that uses it, segments of a rendition in increasing sequence order, {@link #ended} after the last segment of
 * every rendition of that playlist (transcoded renditions included: they end after the source).
 */
public interface SegmentArchive {
    /** Records nothing. */
    SegmentArchive NONE = new SegmentArchive() {
        @Override
        public void init(String channel, String rendition, long number, byte[] bytes) {
        }

        @Override
        public void segment(String channel, String rendition, ArchivedSegment segment) {
        }

        @Override
        public void ended(String channel, Instant at) {
        }
    };

    /** Init segment {@code number} ({@code init-{number}.mp4}) of a rendition; fMP4 only. */
    void init(String channel, String rendition, long number, byte[] bytes);

    /**
     * A segment was listed. The first segment after {@link #ended} (or the first ever) begins a new playlist: a new
     * broadcast.
     */
    void segment(String channel, String rendition, ArchivedSegment segment);

    /**
     * The channel's playlist ended ({@code EXT-X-ENDLIST}) and every rendition delivered its last segment: the
     * broadcast is complete.
     */
    void ended(String channel, Instant at);
}
