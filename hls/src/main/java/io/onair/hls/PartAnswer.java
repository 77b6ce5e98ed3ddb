package io.onair.hls;

/** The answer to a request for an LL-HLS part, for the HTTP layer to map to a status. */
public sealed interface PartAnswer {
    record Found(HlsPart part) implements PartAnswer {
    }

    /** 404: not hinted and not there (RFC 8216bis §6.2.6), or a part that will never exist. */
    record NotFound(String detail) implements PartAnswer {
    }

    /** 503: the hinted part did not appear within three target durations. */
    record Unavailable(String detail) implements PartAnswer {
    }
}
