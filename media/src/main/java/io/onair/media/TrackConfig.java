package io.onair.media;

/** The decoder configuration of one track: what an init segment or a PMT describes. */
public sealed interface TrackConfig permits VideoConfig, AudioConfig {
    /** The RFC 6381 codecs parameter for HLS {@code CODECS} and DASH {@code codecs}, e.g. {@code avc1.64001f}. */
    String codecsString();
}
