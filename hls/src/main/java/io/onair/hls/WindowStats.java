package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A rendition's measured bit rates and current track configs.
 *
 * @param peakBandwidth    the largest segment bit rate in the window, bit/s (HLS {@code BANDWIDTH}: §4.3.4.2 asks
 *                         for the peak)
 * @param averageBandwidth over the window, bit/s
 */
record WindowStats(long peakBandwidth, long averageBandwidth, Optional<VideoConfig> video,
        Optional<AudioConfig> audio, OptionalDouble frameRate) {
}
