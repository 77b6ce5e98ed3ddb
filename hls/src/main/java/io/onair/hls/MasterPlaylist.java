package io.onair.hls;

import java.util.List;
import java.util.Locale;

/** A master playlist (RFC 8216 §4.3.4), one variant per rendition. Immutable. */
record MasterPlaylist(List<VariantStream> variants) {
    MasterPlaylist {
        variants = List.copyOf(variants);
    }

    String render() {
        StringBuilder b = new StringBuilder(256);
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:").append(MediaPlaylist.VERSION).append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (VariantStream v : variants) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
            b.append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
            // CODECS should list every codec of every rendition (§4.3.4.2): players skip variants they cannot play.
            b.append(",CODECS=\"").append(v.codecs()).append('"');
            v.resolution().ifPresent(r -> b.append(",RESOLUTION=").append(r));
            v.frameRate().ifPresent(f -> b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", f)));
            b.append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }
}
