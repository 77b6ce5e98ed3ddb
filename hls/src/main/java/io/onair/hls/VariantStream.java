package io.onair.hls;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code EXT-X-STREAM-INF} entry of a master playlist (RFC 8216 §4.3.4.2).
 *
 * @param bandwidth        peak segment bit rate, bit/s (required): the largest of the window's segments
 * @param averageBandwidth average segment bit rate over the window, bit/s
 * @param codecs           RFC 6381 codecs of every track, comma-separated
 * @param resolution       {@code WxH} when there is video
 * @param frameRate        when there is video; rendered with three decimals as §4.3.4.2 asks
 * @param uri              relative to the master playlist
 */
record VariantStream(long bandwidth, long averageBandwidth, String codecs, Optional<String> resolution,
        OptionalDouble frameRate, String uri) {
}
