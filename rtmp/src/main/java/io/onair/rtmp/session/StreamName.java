package io.onair.rtmp.session;

/**
 * A publishing name split at its first {@code ?}: OBS appends nothing, but services hand out keys like
 * {@code abc123?token=…} and ffmpeg users put the query in the URL's last segment.
 */
record StreamName(String key, String query) {
    static StreamName parse(String name) {
        int q = name.indexOf('?');
        return q < 0 ? new StreamName(name, "") : new StreamName(name.substring(0, q), name.substring(q + 1));
    }
}
