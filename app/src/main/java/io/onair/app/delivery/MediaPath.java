package io.onair.app.delivery;

import io.onair.app.config.OnairProperties;
import java.util.Optional;

/**
 * A parsed media URL below {@code /live}: {@code /{channel}/master.m3u8}, {@code /{channel}/{rendition}/index.m3u8}
 * or {@code /{channel}/{rendition}/{sequence}.ts}. Anything else does not parse (404), so no path reaches the
 * origin unvalidated.
 */
record MediaPath(Kind kind, String channel, String rendition, long sequence) {
    enum Kind { MASTER, MEDIA, SEGMENT }

    /** Rendition names are ours ("source", "720p"): short, lower-case. */
    private static final java.util.regex.Pattern RENDITION = java.util.regex.Pattern.compile("[a-z0-9_-]{1,16}");
    /** A sequence number is a non-negative long: at most 18 digits, so parsing cannot overflow. */
    private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile("[0-9]{1,18}");

    static Optional<MediaPath> parse(String pathInfo) {
        if (pathInfo == null || pathInfo.length() > 128) {
            return Optional.empty();
        }
        String[] parts = pathInfo.split("/", -1);
        // parts[0] is the empty string before the leading '/'.
        if (parts.length < 3 || !parts[0].isEmpty() || !OnairProperties.CHANNEL_NAME.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        String channel = parts[1];
        if (parts.length == 3 && parts[2].equals("master.m3u8")) {
            return Optional.of(new MediaPath(Kind.MASTER, channel, "", -1));
        }
        if (parts.length != 4 || !RENDITION.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        String rendition = parts[2];
        String file = parts[3];
        if (file.equals("index.m3u8")) {
            return Optional.of(new MediaPath(Kind.MEDIA, channel, rendition, -1));
        }
        if (file.endsWith(".ts") && SEQUENCE.matcher(file.substring(0, file.length() - 3)).matches()) {
            return Optional.of(new MediaPath(Kind.SEGMENT, channel, rendition,
                    Long.parseLong(file.substring(0, file.length() - 3))));
        }
        return Optional.empty();
    }

    String describe() {
        return switch (kind) {
            case MASTER -> channel + "/master.m3u8";
            case MEDIA -> channel + "/" + rendition + "/index.m3u8";
            case SEGMENT -> channel + "/" + rendition + "/" + sequence + ".ts";
        };
    }
}
