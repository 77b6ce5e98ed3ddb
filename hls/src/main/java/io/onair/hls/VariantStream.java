package io.onair.hls;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code EXT-X-STREAM-INF} entry of a master playlist (RFC 8216 §4.3.4.2).
 *
 * @param bandwidth        peak segment bit rate, bit/s (required): the largest of the window's segments, video and
 *                         audio added when the audio is a separate rendition
 * @param averageBandwidth average segment bit rate over the window, bit/s
 * @param codecs           RFC 6381 codecs of every track the variant plays, its audio group's included
 * @param resolution       {@code WxH} when there is video
 * @param frameRate        when there is video; rendered with three decimals as §4.3.4.2 asks
 * @param audioGroup       the {@code AUDIO} group it plays its audio from
 * @param uri              relative to the master playlist
 */
record VariantStream(long bandwidth, long averageBandwidth, String codecs, Optional<String> resolution,
        OptionalDouble frameRate, Optional<String> audioGroup, String uri) {
}
