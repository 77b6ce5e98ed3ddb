package io.onair.app.storage;

import java.util.Locale;
import java.util.Map;

/**
 * The content type of a key from its extension, for {@link DiskBlobStore}: a file system keeps no content type, and
 * a sidecar file per object would double the files and the writes. Every object the replay layout makes has one of
 * these extensions, and its writer passes the same type.
 */
final class ContentTypes {
    static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "m4s", "video/iso.segment", // RFC 8216bis §4.3.5: fMP4 media segments; CMAF's registered type
            "mp4", "video/mp4",
            "ts", "video/mp2t",
            "m3u8", "application/vnd.apple.mpegurl", // RFC 8216 §4
            "mpd", "application/dash+xml", // ISO/IEC 23009-1 Annex C
            "jpg", "image/jpeg",
            "vtt", "text/vtt",
            "json", "application/json");

    private ContentTypes() {
    }

    static String of(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1) { // no extension, or a name that only starts with a dot
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
