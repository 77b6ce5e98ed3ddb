package io.onair.app.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed HLS master playlist (RFC 8216 §4.3.4): each {@code EXT-X-STREAM-INF} variant and each {@code EXT-X-MEDIA}
 * alternative rendition with its attributes.
 */
public record MasterPlaylist(List<Variant> variants, List<Map<String, String>> media, String text) {
    /** ATTRIBUTE=value pairs; quoted values may contain commas (CODECS="avc1.64001f,mp4a.40.2"). */
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    public record Variant(Map<String, String> attributes, String uri) {
        public long bandwidth() {
            return Long.parseLong(attributes.getOrDefault("BANDWIDTH", "-1"));
        }

        public String codecs() {
            return attributes.getOrDefault("CODECS", "");
        }

        public String resolution() {
            return attributes.getOrDefault("RESOLUTION", "");
        }
    }

    public static MasterPlaylist parse(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.getFirst().equals("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist (no #EXTM3U first):\n" + text);
        }
        List<Variant> variants = new ArrayList<>();
        List<Map<String, String>> media = new ArrayList<>();
        Map<String, String> pending = null;
        for (String line : lines) {
            if (line.startsWith("#EXT-X-MEDIA:")) {
                media.add(attributes(line.substring(line.indexOf(':') + 1)));
            } else if (line.startsWith("#EXT-X-STREAM-INF:")) {
                pending = attributes(line.substring(line.indexOf(':') + 1));
            } else if (!line.startsWith("#") && pending != null) {
                variants.add(new Variant(pending, line));
                pending = null;
            }
        }
        return new MasterPlaylist(List.copyOf(variants), List.copyOf(media), text);
    }

    /** The variant with a picture (RESOLUTION), the one a video player starts with. */
    public java.util.Optional<Variant> videoVariant() {
        return variants.stream().filter(v -> !v.resolution().isEmpty()).findFirst();
    }

    /**
     * Every media playlist the master points at, relative URIs as written: variants and alternative renditions
     * ({@code EXT-X-MEDIA} with a URI, e.g. fMP4's separate audio), without duplicates.
     */
    public List<String> mediaPlaylistUris() {
        java.util.LinkedHashSet<String> uris = new java.util.LinkedHashSet<>();
        variants.forEach(v -> uris.add(v.uri()));
        media.stream().filter(m -> m.containsKey("URI")).forEach(m -> uris.add(m.get("URI")));
        return List.copyOf(uris);
    }

    static Map<String, String> attributes(String list) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(list);
        while (m.find()) {
            String v = m.group(2);
            map.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return map;
    }
}
