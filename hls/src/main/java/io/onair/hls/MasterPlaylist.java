package io.onair.hls;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A master playlist (RFC 8216 §4.3.4): an optional audio group and one variant per rendition. Immutable. */
record MasterPlaylist(int version, Optional<AudioMedia> audio, List<VariantStream> variants) {
    MasterPlaylist {
        variants = List.copyOf(variants);
    }

    String render() {
        StringBuilder b = new StringBuilder(256 + 160 * variants.size());
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        audio.ifPresent(a -> b.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(a.group())
                .append("\",NAME=\"").append(a.name()).append("\",DEFAULT=YES,AUTOSELECT=YES,URI=\"")
                .append(a.uri()).append("\"\n"));
        for (VariantStream v : variants) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
            b.append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
            // CODECS lists every codec of every rendition the variant plays (§4.3.4.2): players skip what they can't.
            b.append(",CODECS=\"").append(v.codecs()).append('"');
            v.resolution().ifPresent(r -> b.append(",RESOLUTION=").append(r));
            v.frameRate().ifPresent(f -> b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", f)));
            v.audioGroup().ifPresent(g -> b.append(",AUDIO=\"").append(g).append('"'));
            b.append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }
}
