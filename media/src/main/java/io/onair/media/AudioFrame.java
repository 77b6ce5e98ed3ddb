package io.onair.media;

import java.util.Objects;

/**
 * An audio access unit.
 *
 * @param data one raw codec frame: for AAC a raw_data_block without an ADTS header (ISO/IEC 14496-3), as FLV
 *             and fMP4 carry it; MPEG-TS prepends ADTS.
 */
public record AudioFrame(AudioConfig config, long dts, byte[] data) implements MediaFrame {
    public AudioFrame {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public long pts() {
        return dts;
    }

    @Override
    public boolean isSyncPoint() {
        return true;
    }

    @Override
    public String toString() {
        return "AudioFrame[" + config.codec() + " dts=" + dts + " " + data.length + " B]";
    }
}
