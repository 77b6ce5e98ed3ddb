package io.onair.media.flv;

import io.onair.media.MediaFormatException;

/**
 * Well-formed media in a codec Onair does not package. Unlike other {@link MediaFormatException}s it is not one bad
 * frame to skip: every following frame would be refused too, so the ingest tells the streamer what to change
 * ({@link #getMessage()} is written for them) and ends the session.
 */
public final class UnsupportedCodecException extends MediaFormatException {
    /** What Onair accepts, the first half of every message. */
    public static final String ACCEPTED = "Onair packages H.264 video and AAC audio";

    public UnsupportedCodecException(String message) {
        super(message);
    }

    static UnsupportedCodecException video(String codec) {
        return new UnsupportedCodecException(ACCEPTED + "; this stream's video is " + codec
                + ". Set OBS's encoder to x264 or NVENC H.264.");
    }

    static UnsupportedCodecException audio(String codec) {
        return new UnsupportedCodecException(ACCEPTED + "; this stream's audio is " + codec
                + ". Set the audio encoder to AAC.");
    }
}
