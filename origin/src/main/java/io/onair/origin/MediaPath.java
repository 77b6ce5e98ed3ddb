package io.onair.origin;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed media URL below {@code /live}: {@code /{channel}/master.m3u8}, {@code /{channel}/manifest.mpd},
 * {@code /{channel}/{rendition}/index.m3u8}, {@code /{channel}/{rendition}/{sequence}.m4s|.ts} or
 * {@code /{channel}/{rendition}/init-{n}.mp4}. Anything else does not parse (404), so no path reaches the origin
 * unvalidated.
 */
public record MediaPath(Kind kind, String channel, String rendition, long sequence, String extension, int part) {
    public enum Kind { MASTER, MPD, MEDIA, SEGMENT, INIT, PART }

    /**
     * A channel name: lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 32 characters
     * (it is a URL path segment and a directory name). The application validates channel names with this pattern,
     * so every channel can be served.
     */
    public static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** Rendition names are ours ("source", "audio", "720p"): short, lower-case. */
    private static final Pattern RENDITION = Pattern.compile("[a-z0-9_-]{1,16}");
    /** A sequence number is a non-negative long: at most 18 digits, so parsing cannot overflow. */
    private static final Pattern SEGMENT = Pattern.compile("([0-9]{1,18})\\.(m4s|ts)");
    /** An LL-HLS part: {@code {sequence}.{part}.m4s}; a segment has a few dozen parts at most. */
    private static final Pattern PART = Pattern.compile("([0-9]{1,18})\\.([0-9]{1,4})\\.m4s");
    private static final Pattern INIT = Pattern.compile("init-([0-9]{1,18})\\.mp4");

    /** Parses the path below {@code /live} ({@code /{channel}/...}); empty for anything that is not media. */
    public static Optional<MediaPath> parse(String pathInfo) {
        if (pathInfo == null || pathInfo.length() > 128) {
            return Optional.empty();
        }
        String[] parts = pathInfo.split("/", -1);
        // parts[0] is the empty string before the leading '/'.
        if (parts.length < 3 || !parts[0].isEmpty() || !CHANNEL_NAME.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        String channel = parts[1];
        if (parts.length == 3 && parts[2].equals("master.m3u8")) {
            return Optional.of(new MediaPath(Kind.MASTER, channel, "", -1, "", -1));
        }
        if (parts.length == 3 && parts[2].equals("manifest.mpd")) {
            return Optional.of(new MediaPath(Kind.MPD, channel, "", -1, "", -1));
        }
        if (parts.length != 4 || !RENDITION.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        String rendition = parts[2];
        String file = parts[3];
        if (file.equals("index.m3u8")) {
            return Optional.of(new MediaPath(Kind.MEDIA, channel, rendition, -1, "", -1));
        }
        Matcher m = SEGMENT.matcher(file);
        if (m.matches()) {
            return Optional.of(new MediaPath(Kind.SEGMENT, channel, rendition, Long.parseLong(m.group(1)),
                    m.group(2), -1));
        }
        m = PART.matcher(file);
        if (m.matches()) {
            return Optional.of(new MediaPath(Kind.PART, channel, rendition, Long.parseLong(m.group(1)), "m4s",
                    Integer.parseInt(m.group(2))));
        }
        m = INIT.matcher(file);
        if (m.matches()) {
            return Optional.of(new MediaPath(Kind.INIT, channel, rendition, Long.parseLong(m.group(1)), "mp4", -1));
        }
        return Optional.empty();
    }

    /** The path below {@code /live}, for messages. */
    public String describe() {
        return switch (kind) {
            case MASTER -> channel + "/master.m3u8";
            case MPD -> channel + "/manifest.mpd";
            case MEDIA -> channel + "/" + rendition + "/index.m3u8";
            case SEGMENT -> channel + "/" + rendition + "/" + sequence + "." + extension;
            case INIT -> channel + "/" + rendition + "/init-" + sequence + ".mp4";
            case PART -> channel + "/" + rendition + "/" + sequence + "." + part + ".m4s";
        };
    }
}
