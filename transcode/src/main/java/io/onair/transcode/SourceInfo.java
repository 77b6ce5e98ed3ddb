package io.onair.transcode;

/**
 * What the transcoder knows of the source when it chooses rungs.
 *
 * @param fps       frames per second, measured or from the encoder's metadata (0 when unknown)
 * @param videoKbps video bitrate, kbit/s, from the encoder's metadata or measured over the first GOP (0 when unknown)
 */
public record SourceInfo(int width, int height, double fps, int videoKbps) {
    public SourceInfo {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("source size " + width + "x" + height + " is not positive");
        }
    }
}
