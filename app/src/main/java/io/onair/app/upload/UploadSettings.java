package io.onair.app.upload;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the upload API needs to know at a request.
 *
 * @param maxBytes    the largest file accepted ({@code onair.replays.max-upload-bytes})
 * @param incoming    where a received file waits while it is probed and stored (beside Tomcat's multipart
 *                    directory, on the same file system, so taking the part over is a rename)
 * @param unavailable why uploads cannot be taken on this server (no ffmpeg or ffprobe), if so
 */
public record UploadSettings(long maxBytes, Path incoming, Optional<String> unavailable) {
}
