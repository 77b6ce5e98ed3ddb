package io.onair.rtmp.client;

/** Where a push connection is in the exchange; each waiting state names what it waits for, for the time-out message. */
enum PushState {
    /** TCP (and TLS) connecting, then S0/S1/S2. */
    HANDSHAKE("the RTMP handshake"),
    /** {@code connect} sent. */
    CONNECT("the answer to connect"),
    /** {@code releaseStream}, {@code FCPublish} and {@code createStream} sent. */
    CREATE_STREAM("the answer to createStream"),
    /** {@code publish} sent. */
    PUBLISH("NetStream.Publish.Start"),
    /** Media may flow. */
    PUBLISHING(null),
    /** Ending: nothing more is read or answered. */
    CLOSING(null);

    final String awaiting;

    PushState(String awaiting) {
        this.awaiting = awaiting;
    }
}
