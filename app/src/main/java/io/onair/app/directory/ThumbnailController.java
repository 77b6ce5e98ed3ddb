package io.onair.app.directory;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/channels/{channel}/thumbnail.jpg}: the directory's picture of a live channel. */
@RestController
public class ThumbnailController {
    private final Thumbnails thumbnails;

    public ThumbnailController(Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
    }

    /**
     * The latest picture: cached for 30 s (a new one is taken about that often) with an ETag for revalidation;
     * 404 when there is none (offline since start, no segment yet, or no ffmpeg).
     */
    @GetMapping("/api/channels/{channel}/thumbnail.jpg")
    public ResponseEntity<byte[]> thumbnail(@PathVariable("channel") String channel,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        return thumbnails.get(channel).map(t -> {
            String etag = "\"" + t.etag() + "\"";
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok().eTag(etag)
                    .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic())
                    .lastModified(t.takenAt());
            if (etag.equals(ifNoneMatch)) {
                return ResponseEntity.status(304).eTag(etag)
                        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic()).<byte[]>build();
            }
            return ok.contentType(MediaType.IMAGE_JPEG).body(t.jpeg());
        }).orElseGet(() -> ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build());
    }
}
