package io.onair.rtmp.session;

/** Where a connection is in the NetConnection/NetStream exchange. */
enum SessionState {
    /** Handshake done or under way, no {@code connect} yet. */
    AWAITING_CONNECT,
    /** {@code connect} answered; {@code createStream}/{@code publish} may follow. */
    CONNECTED,
    /** {@code publish} accepted: media flows to the sink. */
    PUBLISHING,
    /** Closing: nothing more is read or answered. */
    CLOSING
}
