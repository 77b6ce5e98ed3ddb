package io.onair.hls;

/** How a recording's media playlists are served. */
public enum VodMode {
    /** A replay or a clip: {@code EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}; it never changes. */
    VOD,
    /**
     * Live rewind from the start of a broadcast still going on: {@code EXT-X-PLAYLIST-TYPE:EVENT}, no
     * {@code EXT-X-ENDLIST}; segments are only ever appended.
     */
    EVENT,
    /**
     * Live rewind over a window shorter than the broadcast: no playlist type, no {@code EXT-X-ENDLIST}, segments leave
     * at the start as the window slides.
     */
    SLIDING
}
