package io.onair.rtmp;

import java.net.SocketAddress;

/**
 * A client's request to publish, from {@code connect} and {@code publish}.
 *
 * @param app        the application name from {@code connect} (OBS: the path of the server URL, e.g. {@code live})
 * @param streamKey  the publishing name without its query string (OBS: the stream key)
 * @param query      the query string after {@code ?} in the publishing name, or empty
 * @param remote     the peer's address
 */
public record PublishRequest(String app, String streamKey, String query, SocketAddress remote) {
}
