package io.onair.app.channel;

import io.onair.app.ingest.StaticChannelKeys;

/** Stream keys for account channels: the same 192-bit random URL-safe keys as the generated static ones. */
public final class StreamKeys {
    private StreamKeys() {
    }

    public static String newKey() {
        return StaticChannelKeys.newKey();
    }
}
