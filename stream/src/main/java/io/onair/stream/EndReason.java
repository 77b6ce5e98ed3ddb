package io.onair.stream;

/** Why a publication ended. Packagers decide from it whether the playlist ends now or after a grace period. */
public enum EndReason {
    /** The client unpublished ({@code FCUnpublish}/{@code deleteStream}): the streamer meant to stop. */
    CLEAN,
    /** The connection dropped or timed out: the encoder will probably reconnect (OBS retries within seconds). */
    DISCONNECTED,
    /** A new publish of the same channel replaced this one (an OBS reconnect taking over its stale session). */
    TAKEN_OVER,
    /** Ended by the server (an operator kicked the stream, the key was revoked, shutdown). */
    KICKED;

    /** True when the streamer or the operator meant the broadcast to stop, so players may be told at once. */
    public boolean deliberate() {
        return this == CLEAN || this == KICKED;
    }
}
