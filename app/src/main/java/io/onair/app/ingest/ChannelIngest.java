package io.onair.app.ingest;

import io.onair.rtmp.IngestHandler;
import io.onair.rtmp.PublishDecision;
import io.onair.rtmp.PublishRequest;
import io.onair.rtmp.PublishSession;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides RTMP publishes: the application must be the configured one ({@code live}) and the key must belong to a
 * channel. An accepted publish takes the channel over from any session still holding it: that is OBS
 * reconnecting after a network blip, and refusing it ("already publishing", nginx-rtmp #1152) leaves the streamer
 * off the air for as long as the stale TCP connection lives.
 */
public final class ChannelIngest implements IngestHandler {
    private static final Logger log = LoggerFactory.getLogger(ChannelIngest.class);

    private final String app;
    private final ChannelKeys keys;
    private final StreamRegistry registry;

    public ChannelIngest(String app, ChannelKeys keys, StreamRegistry registry) {
        this.app = app;
        this.keys = keys;
        this.registry = registry;
    }

    @Override
    public PublishDecision publish(PublishRequest request, PublishSession session) {
        if (!app.equals(request.app())) {
            log.info("session {} from {} refused: application '{}' is not '{}'", session.id(), request.remote(),
                    request.app(), app);
            return new PublishDecision.Rejected("Unknown application '" + request.app()
                    + "': set the OBS server to rtmp://<host>/" + app);
        }
        Optional<String> channel = keys.channelForKey(request.streamKey());
        if (channel.isEmpty()) {
            log.info("session {} from {} refused: unknown stream key", session.id(), request.remote());
            return new PublishDecision.Rejected("Unknown stream key: copy the stream key for your channel into OBS");
        }
        Publication publication = registry.startPublishing(channel.get(), session::close);
        log.info("session {} from {} publishing channel {} as publication {}", session.id(), request.remote(),
                channel.get(), publication.id());
        return new PublishDecision.Accepted(new PublicationSink(publication));
    }
}
