package io.onair.media;

/** Malformed or unsupported media data. Unchecked: the ingest counts and skips, or ends that one connection. */
public class MediaFormatException extends RuntimeException {
    public MediaFormatException(String message) {
        super(message);
    }

    public MediaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
