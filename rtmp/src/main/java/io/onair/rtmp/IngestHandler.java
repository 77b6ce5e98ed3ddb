package io.onair.rtmp;

/**
 * What the RTMP server needs from the rest of the system: deciding who may publish, and where the media goes.
 * Declared by this module, implemented by the application's wiring.
 *
 * <p>Called on the connection's Netty event loop: implementations must not block.
 */
public interface IngestHandler {
    /**
     * Called when a client sends {@code publish}, before any {@code NetStream.Publish.Start} is sent: a rejected
     * request gets {@code NetStream.Publish.BadName} and the connection is closed.
     */
    PublishDecision publish(PublishRequest request, PublishSession session);
}
