package io.onair.hls;

/**
 * One {@code EXT-X-MEDIA:TYPE=AUDIO} rendition of a master playlist (RFC 8216 §4.3.4.1).
 *
 * @param group {@code GROUP-ID}, referenced by the variants' {@code AUDIO}
 * @param name  {@code NAME}, shown by players that offer a choice
 * @param uri   its media playlist, relative to the master playlist
 */
record AudioMedia(String group, String name, String uri) {
}
