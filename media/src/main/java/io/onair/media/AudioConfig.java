package io.onair.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * Audio decoder configuration.
 *
 * @param decoderConfig the AudioSpecificConfig for AAC (ISO/IEC 14496-3 §1.6.2.1), as carried by FLV and {@code esds}
 * @param objectType    the MPEG-4 audio object type (2 = AAC-LC, 5 = SBR/HE-AAC, 29 = PS), for ADTS and codecs
 * @param sampleRate    samples per second per channel, e.g. 48000
 * @param channels      channel count from the channel configuration
 * @param samplesPerFrame samples in one access unit (1024 for AAC-LC), for exact sample-count timing
 * @param codecsString  RFC 6381 codecs string, e.g. {@code mp4a.40.2}
 */
public record AudioConfig(
        AudioCodec codec,
        int objectType,
        int sampleRate,
        int channels,
        int samplesPerFrame,
        byte[] decoderConfig,
        String codecsString) implements TrackConfig {

    public AudioConfig {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(decoderConfig, "decoderConfig");
        Objects.requireNonNull(codecsString, "codecsString");
        if (sampleRate <= 0 || channels <= 0 || samplesPerFrame <= 0) {
            throw new MediaFormatException("audio config rate=" + sampleRate + " channels=" + channels
                    + " samplesPerFrame=" + samplesPerFrame + " is not positive");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioConfig a && codec == a.codec && Arrays.equals(decoderConfig, a.decoderConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, Arrays.hashCode(decoderConfig));
    }

    @Override
    public String toString() {
        return "AudioConfig[" + codecsString + " " + sampleRate + " Hz " + channels + " ch]";
    }
}
