package io.onair.media.flv;

import io.onair.media.MediaFormatException;

/**
 * A malformed sequence header (AVCDecoderConfigurationRecord or AudioSpecificConfig). Unlike a bad frame it is not
 * skipped: without the configuration every following frame of that track is undecodable, so the ingest ends the
 * session and says why.
 */
public final class SequenceHeaderException extends MediaFormatException {
    public SequenceHeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
