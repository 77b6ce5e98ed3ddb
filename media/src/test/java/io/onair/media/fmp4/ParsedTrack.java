package io.onair.media.fmp4;

/**
 * A track as the test-side reader found it in the init segment.
 *
 * @param handler       {@code vide} or {@code soun}
 * @param sampleEntry   {@code avc1} or {@code mp4a}
 * @param decoderConfig the avcC body or the AudioSpecificConfig from esds
 * @param width         avc1 width (0 for audio)
 * @param height        avc1 height (0 for audio)
 * @param channels      mp4a channelcount (0 for video)
 * @param sampleRate    mp4a samplerate, integer part (0 for video)
 */
record ParsedTrack(int id, String handler, long timescale, String sampleEntry, byte[] decoderConfig, int width,
                   int height, int channels, int sampleRate) {
}
