package io.onair.app.replay;

/**
 * Where a replay's objects live in the {@link io.onair.app.storage.BlobStore}: the live layout under
 * {@code replays/{id}/}, so a replay's files mirror the URLs they are served at.
 */
public final class ReplayKeys {
    private ReplayKeys() {
    }

    public static String prefix(long broadcast) {
        return "replays/" + broadcast + "/";
    }

    public static String segment(long broadcast, String rendition, long sequence, String extension) {
        return prefix(broadcast) + rendition + "/" + sequence + "." + extension;
    }

    public static String init(long broadcast, String rendition, long number) {
        return prefix(broadcast) + rendition + "/init-" + number + ".mp4";
    }

    /**
     * A rendition's objects in playback order: each init segment where it comes into use, then the segments using it.
     * Concatenated they are a playable fragmented MP4 (or MPEG-TS) stream: what the thumbnail strip pipes into ffmpeg
     * and the MP4 download copies.
     */
    public static java.util.List<String> inPlaybackOrder(long broadcast, io.onair.hls.VodRendition r) {
        java.util.List<String> keys = new java.util.ArrayList<>(r.segments().size() + 1);
        long init = Long.MIN_VALUE;
        for (io.onair.hls.VodSegment s : r.segments()) {
            if (s.init().isPresent() && s.init().getAsLong() != init) {
                init = s.init().getAsLong();
                keys.add(init(broadcast, r.name(), init));
            }
            keys.add(segment(broadcast, r.name(), s.sequence(), r.extension()));
        }
        return keys;
    }

    public static String thumbnails(long broadcast) {
        return prefix(broadcast) + "thumbs.jpg";
    }

    public static String download(long broadcast) {
        return prefix(broadcast) + "download.mp4";
    }
}
