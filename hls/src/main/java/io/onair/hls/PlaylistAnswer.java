package io.onair.hls;

/** The answer to a {@link PlaylistRequest}, for the HTTP layer to map to a status. */
public sealed interface PlaylistAnswer {
    /**
     * @param targetDuration the playlist's {@code EXT-X-TARGETDURATION}, for caching
     * @param lowLatency     the playlist has parts and answers delivery directives
     */
    record Ready(String playlist, int targetDuration, boolean lowLatency) implements PlaylistAnswer {
    }

    /** 404: no such rendition, or no segment yet. */
    record NotFound(String detail) implements PlaylistAnswer {
    }

    /** 400: a directive no playlist can satisfy in time (RFC 8216bis §6.2.5.2). */
    record BadRequest(String detail) implements PlaylistAnswer {
    }

    /** 503: held for three target durations without the requested segment or part (RFC 8216bis §6.2.5.2). */
    record Unavailable(String detail) implements PlaylistAnswer {
    }
}
