package io.onair.media.aac;

import io.onair.media.AudioConfig;

/** MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), the body of FLV's AAC sequence header. */
public final class AudioSpecificConfig {
    private AudioSpecificConfig() {
    }

    /**
     * Parses a config into an {@link AudioConfig} (object type, rate, channels, 1024 samples per frame for AAC-LC,
     * codecs string {@code mp4a.40.N}).
     *
     * @throws io.onair.media.MediaFormatException if it is malformed or uses an unsupported object type
     */
    public static AudioConfig parse(byte[] asc) {
        throw new UnsupportedOperationException("implemented by the media codecs work");
    }
}
