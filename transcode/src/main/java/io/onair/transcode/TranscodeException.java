package io.onair.transcode;

/** The transcoder cannot do what it was configured for (no ffmpeg, a missing encoder, a bad ladder). */
public class TranscodeException extends RuntimeException {
    public TranscodeException(String message) {
        super(message);
    }

    public TranscodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
