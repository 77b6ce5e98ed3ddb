package io.onair.rtmp.amf0;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array (marker 0x08): string keys like an object, kept apart from one so that re-encoding gives the
 * same bytes. {@code onMetaData} uses it. The count on the wire is only a hint (AMF0 spec §2.10); it is re-derived.
 */
public record Amf0EcmaArray(Map<String, Object> entries) {
    public Amf0EcmaArray {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
