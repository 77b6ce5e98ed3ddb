package io.onair.app.upload;

import io.onair.app.api.ApiException;
import io.onair.app.security.OnairUser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * Uploads (issue 7): a channel's owner (or a site admin) uploads a video file, which is transcoded into a replay.
 * The multipart body is parsed lazily ({@code spring.servlet.multipart.resolve-lazily}), after the permission check:
 * nobody else gets to make the server receive gigabytes. The file part goes to disk under the data directory as it
 * arrives (never whole in memory), bounded by {@code onair.replays.max-upload-bytes}.
 */
@RestController
public class UploadController {
    private final UploadService uploads;
    private final UploadSettings settings;

    public UploadController(UploadService uploads, UploadSettings settings) {
        this.uploads = uploads;
        this.settings = settings;
    }

    /**
     * A job as the API shows it.
     *
     * @param replay   the broadcast it becomes: {@code /api/replays/{replay}} once done
     * @param progress 0 to 1
     * @param error    why it failed (ffprobe's or ffmpeg's words), else empty
     * @param page     the video's page once done, else null
     */
    public record UploadJson(long id, String channel, long replay, String title, String fileName, long bytes,
            String state, double progress, String error, int attempts, Instant createdAt, Instant updatedAt,
            String page) {
        static UploadJson of(UploadJob j) {
            boolean done = j.state() == UploadJob.State.DONE;
            return new UploadJson(j.id(), j.channel(), j.broadcast(), j.title(), j.fileName(), j.sourceBytes(),
                    j.state().db(), done ? 1.0 : Math.round(j.progress() * 1000) / 1000.0, j.error(), j.attempts(),
                    j.createdAt(), j.updatedAt(), done ? "/videos/" + j.broadcast() : null);
        }
    }

    /** @param maxBytes the largest file accepted (the dashboard checks before sending it) */
    public record Uploads(long maxBytes, List<UploadJson> jobs) {
    }

    @PostMapping("/api/channels/{channel}/uploads")
    public ResponseEntity<UploadJson> upload(@PathVariable("channel") String channel, HttpServletRequest request,
            @AuthenticationPrincipal OnairUser user) throws IOException, InterruptedException {
        uploads.requireManage(user, channel);
        if (settings.unavailable().isPresent()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, settings.unavailable().get(), List.of());
        }
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw invalid("file", "is required: send the video as the 'file' part of a multipart/form-data body");
        }
        MultipartFile file;
        String title;
        try {
            file = multipart.getFile("file");
            title = multipart.getParameter("title");
        } catch (MaxUploadSizeExceededException e) {
            throw tooLarge();
        } catch (MultipartException e) {
            throw invalid("file", "could not be read: " + e.getMostSpecificCause().getMessage());
        }
        if (file == null || file.isEmpty()) {
            throw invalid("file", "is required: send the video as the 'file' part of a multipart/form-data body");
        }
        if (file.getSize() > settings.maxBytes()) {
            throw tooLarge();
        }
        String name = fileName(file.getOriginalFilename());
        String t = title == null || title.isBlank() ? stem(name) : title.strip();
        if (t.codePointCount(0, t.length()) > 140) {
            throw invalid("title", "must be at most 140 characters");
        }
        Path received = Files.createTempFile(Files.createDirectories(settings.incoming()), "upload-", ".part");
        try {
            file.transferTo(received); // a rename of the part Tomcat wrote to disk, on the same file system
            UploadJob job = uploads.accept(channel, received, name, t);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(UploadJson.of(job));
        } finally {
            Files.deleteIfExists(received);
        }
    }

    @GetMapping("/api/channels/{channel}/uploads")
    public Uploads list(@PathVariable("channel") String channel, @AuthenticationPrincipal OnairUser user) {
        uploads.requireManage(user, channel);
        return new Uploads(settings.maxBytes(), uploads.list(channel).stream().map(UploadJson::of).toList());
    }

    @DeleteMapping("/api/channels/{channel}/uploads/{job}")
    public ResponseEntity<Void> cancel(@PathVariable("channel") String channel, @PathVariable("job") long job,
            @AuthenticationPrincipal OnairUser user) throws IOException, InterruptedException {
        uploads.requireManage(user, channel);
        uploads.cancel(channel, job);
        return ResponseEntity.noContent().build();
    }

    private ApiException tooLarge() {
        String limit = DataSize.ofBytes(settings.maxBytes()).toMegabytes() + " MB";
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "The file is larger than the " + limit + " limit",
                List.of(new ApiException.FieldError("file", "is larger than the " + limit + " limit")));
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(List.of(new ApiException.FieldError(field, message)));
    }

    /** The uploaded file's name without any path a browser sent, at most 255 characters, never empty. */
    static String fileName(String original) {
        String n = original == null ? "" : original.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip();
        n = n.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (n.isEmpty()) {
            return "video";
        }
        return n.length() <= 255 ? n : n.substring(n.length() - 255);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        String s = dot > 0 ? name.substring(0, dot) : name;
        return s.codePointCount(0, s.length()) <= 140 ? s : s.substring(0, s.offsetByCodePoints(0, 140));
    }
}
