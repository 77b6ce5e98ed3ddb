package io.onair.rtmp.amf0;

/** AMF0's two empty values (markers 0x05 and 0x06), so lists and maps never hold Java {@code null}. */
public enum Amf0Empty {
    NULL,
    UNDEFINED
}
