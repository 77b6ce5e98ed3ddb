package io.onair.media.aac;

import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;

/**
 * MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), the body of FLV's AAC sequence header, for the AAC
 * object types an HLS player decodes: Main, LC, SSR, LTP (1–4), and LC with explicit hierarchical SBR (5, HE-AAC)
 * or SBR+PS (29, HE-AAC v2) signalling.
 *
 * <p>Timing: with SBR the decoder outputs 2048 samples per access unit at twice the core rate; that is the same
 * duration as 1024 samples at the core rate. {@link #toAudioConfig} reports the core rate and 1024 samples, because
 * the core is what every AAC decoder (also an LC-only one that ignores SBR) and ADTS see, and the sample-count
 * clock then advances by exact integers at a rate no decoder disagrees with.
 *
 * <p>Backward-compatible SBR signalling (an LC config followed by syncExtensionType 0x2b7, §1.6.5.1) is not read:
 * such a stream is reported as plain LC, which is what an LC decoder plays and what its ADTS header says anyway;
 * HE-AAC decoders detect the SBR data implicitly.
 *
 * @param objectType          the signalled audioObjectType: 1–4, or 5 (SBR) / 29 (PS) around an AAC core
 * @param coreObjectType      the AAC core's object type (equal to objectType unless 5 or 29; 2 in practice)
 * @param sampleRate          the core sampling frequency
 * @param outputSampleRate    the SBR output frequency (extensionSamplingFrequency); equal to sampleRate without SBR
 * @param channelConfiguration 1–7 (§1.6.3.5, Table 1.19); PS streams signal 1 and decode to stereo
 * @param shortFrames         frameLengthFlag: 960 instead of 1024 samples per frame (GASpecificConfig, §4.4.1)
 */
public record AudioSpecificConfig(
        int objectType,
        int coreObjectType,
        int sampleRate,
        int outputSampleRate,
        int channelConfiguration,
        boolean shortFrames) {

    public static final int AAC_MAIN = 1;
    public static final int AAC_LC = 2;
    public static final int AAC_LTP = 4;
    public static final int SBR = 5;
    public static final int PS = 29;
    /** audioObjectType 31 escapes to 32 + a 6-bit value (§1.6.2.1, GetAudioObjectType). */
    private static final int OBJECT_TYPE_ESCAPE = 31;
    /** The 24-bit explicit samplingFrequency field's maximum (§1.6.2.1). */
    private static final int MAX_EXPLICIT_RATE = (1 << 24) - 1;

    public AudioSpecificConfig {
        checkObjectTypes(objectType, coreObjectType);
        boolean extended = objectType == SBR || objectType == PS;
        if (sampleRate <= 0 || sampleRate > MAX_EXPLICIT_RATE || outputSampleRate <= 0
                || outputSampleRate > MAX_EXPLICIT_RATE || (!extended && outputSampleRate != sampleRate)) {
            throw new MediaFormatException("AAC sampling frequency " + sampleRate + " / output " + outputSampleRate
                    + " is invalid for object type " + objectType);
        }
        if (channelConfiguration < 1 || channelConfiguration > 7) {
            // 0 means a program_config_element defines the channels; no live encoder sends one.
            throw new MediaFormatException("unsupported AAC channelConfiguration " + channelConfiguration
                    + " (supported: 1-7)");
        }
    }

    /** An AAC-LC config (the common case), 1024 samples per frame. */
    public static AudioSpecificConfig lc(int sampleRate, int channelConfiguration) {
        return new AudioSpecificConfig(AAC_LC, AAC_LC, sampleRate, sampleRate, channelConfiguration, false);
    }

    /**
     * Parses a config into an {@link AudioConfig} (object type, rate, channels, samples per frame, codecs string
     * {@code mp4a.40.N}); see the class comment for HE-AAC timing.
     *
     * @throws MediaFormatException if it is malformed or uses an unsupported object type
     */
    public static AudioConfig parse(byte[] asc) {
        return decode(asc).toAudioConfig(asc.clone());
    }

    /** Reads the fields of §1.6.2.1 up to and including GASpecificConfig's first three flags. */
    public static AudioSpecificConfig decode(byte[] asc) {
        BitReader r = new BitReader(asc, "AudioSpecificConfig");
        int objectType = objectType(r);
        int sampleRate = samplingFrequency(r);
        int channelConfiguration = r.bits(4);
        int outputSampleRate = sampleRate;
        int coreObjectType = objectType;
        if (objectType == SBR || objectType == PS) {
            outputSampleRate = samplingFrequency(r);
            coreObjectType = objectType(r);
        }
        // Validate before reading GASpecificConfig, so an unsupported type is named rather than misparsed.
        checkObjectTypes(objectType, coreObjectType);
        boolean shortFrames = r.bits(1) == 1; // frameLengthFlag
        if (r.bits(1) == 1) { // dependsOnCoreCoder
            r.bits(14); // coreCoderDelay
        }
        r.bits(1); // extensionFlag: for object types 1-4 only extensionFlag3 follows, which nothing uses yet
        return new AudioSpecificConfig(objectType, coreObjectType, sampleRate, outputSampleRate, channelConfiguration,
                shortFrames);
    }

    /** Writes the config back; rates outside the table use the explicit 24-bit form. */
    public byte[] encode() {
        BitWriter w = new BitWriter();
        w.bits(5, objectType);
        writeFrequency(w, sampleRate);
        w.bits(4, channelConfiguration);
        if (objectType == SBR || objectType == PS) {
            writeFrequency(w, outputSampleRate);
            w.bits(5, coreObjectType);
        }
        w.bits(1, shortFrames ? 1 : 0);
        w.bits(1, 0); // dependsOnCoreCoder
        w.bits(1, 0); // extensionFlag
        return w.toByteArray();
    }

    /** Output channels: Table 1.19 (7 means 7.1, eight channels); PS decodes its mono core to stereo. */
    public int channels() {
        if (objectType == PS) {
            return 2;
        }
        return channelConfiguration == 7 ? 8 : channelConfiguration;
    }

    /** Core samples per access unit: 1024, or 960 with frameLengthFlag. */
    public int samplesPerFrame() {
        return shortFrames ? 960 : 1024;
    }

    /** RFC 6381 §3.3: {@code mp4a.40.} and the signalled object type in decimal. */
    public String codecsString() {
        return "mp4a.40." + objectType;
    }

    /** The core view described in the class comment; {@code decoderConfig} is stored as given. */
    public AudioConfig toAudioConfig(byte[] decoderConfig) {
        return new AudioConfig(AudioCodec.AAC, objectType, sampleRate, channels(), samplesPerFrame(), decoderConfig,
                codecsString());
    }

    private static void checkObjectTypes(int objectType, int coreObjectType) {
        boolean extended = objectType == SBR || objectType == PS;
        if (!extended && (objectType < AAC_MAIN || objectType > AAC_LTP)) {
            throw new MediaFormatException("unsupported audio object type " + objectType
                    + " (supported: 1-4 AAC, 5 SBR, 29 PS)");
        }
        if (coreObjectType < AAC_MAIN || coreObjectType > AAC_LTP || (!extended && coreObjectType != objectType)) {
            throw new MediaFormatException("unsupported AAC core object type " + coreObjectType + " for object type "
                    + objectType);
        }
    }

    private static int objectType(BitReader r) {
        int type = r.bits(5);
        return type == OBJECT_TYPE_ESCAPE ? 32 + r.bits(6) : type;
    }

    private static int samplingFrequency(BitReader r) {
        int index = r.bits(4);
        if (index == SamplingFrequency.EXPLICIT) {
            int rate = r.bits(24);
            if (rate == 0) {
                throw new MediaFormatException("AAC explicit sampling frequency is 0");
            }
            return rate;
        }
        int rate = SamplingFrequency.rate(index);
        if (rate < 0) {
            throw new MediaFormatException("AAC samplingFrequencyIndex " + index + " is reserved");
        }
        return rate;
    }

    private static void writeFrequency(BitWriter w, int rate) {
        int index = SamplingFrequency.index(rate);
        if (index >= 0) {
            w.bits(4, index);
        } else {
            w.bits(4, SamplingFrequency.EXPLICIT).bits(24, rate);
        }
    }
}
