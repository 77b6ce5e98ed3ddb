package io.onair.rtmp.amf0;

/**
 * An AMF0 date (marker 0x0B).
 *
 * @param epochMillis milliseconds since 1970-01-01 UTC, as a double on the wire
 * @param timeZone    the reserved time-zone field, should be 0 (AMF0 spec §2.13); kept for exact re-encoding
 */
public record Amf0Date(double epochMillis, short timeZone) {
}
