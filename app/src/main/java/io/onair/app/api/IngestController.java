package io.onair.app.api;

import io.onair.app.ingest.PublishUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ingest}: where OBS publishes to on this server, for the dashboard's and the home page's setup
 * help. Public: the server URL is no secret (the stream key is), and the home page shows it before anyone signs up.
 */
@RestController
public class IngestController {
    private final PublishUrl publishUrl;

    public IngestController(PublishUrl publishUrl) {
        this.publishUrl = publishUrl;
    }

    /** {@code server}: OBS's "Server" field; the stream key goes in "Stream Key". */
    public record Ingest(String server) {
    }

    @GetMapping("/api/ingest")
    public Ingest ingest(HttpServletRequest request) {
        return new Ingest(publishUrl.server(Optional.ofNullable(request.getServerName()), "localhost"));
    }
}
