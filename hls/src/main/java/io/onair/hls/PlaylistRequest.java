package io.onair.hls;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A media playlist request with its LL-HLS delivery directives (RFC 8216bis §6.2.5).
 *
 * @param msn  {@code _HLS_msn}: block until this segment exists
 * @param part {@code _HLS_part}: with {@code msn}, block until this part of it exists
 * @param skip {@code _HLS_skip=YES} or {@code v2}: a Playlist Delta Update
 */
public record PlaylistRequest(OptionalLong msn, OptionalInt part, boolean skip) {
    public static final PlaylistRequest PLAIN = new PlaylistRequest(OptionalLong.empty(), OptionalInt.empty(), false);

    /** True when the answer may be held ({@code _HLS_msn} given). */
    public boolean blocking() {
        return msn.isPresent();
    }
}
