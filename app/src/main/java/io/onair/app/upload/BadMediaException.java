package io.onair.app.upload;

/** An uploaded file that cannot be transcoded; the message is the reason, for the uploader (ffprobe's own words). */
public final class BadMediaException extends RuntimeException {
    public BadMediaException(String message) {
        super(message);
    }
}
