package io.onair.origin;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A GET or HEAD below {@code /live}, as any HTTP server hands it over.
 *
 * @param head        a HEAD: the answer's headers, no body
 * @param path        the path below {@code /live} ({@code /{channel}/...}), not decoded (media paths need no escapes)
 * @param parameter   the first value of a query parameter, or null ({@code _HLS_msn}, {@code _HLS_part},
 *                    {@code _HLS_skip})
 * @param ifNoneMatch the {@code If-None-Match} header, or null
 */
public record MediaRequest(boolean head, String path, UnaryOperator<String> parameter, String ifNoneMatch) {
    public MediaRequest {
        Objects.requireNonNull(parameter, "parameter");
    }
}
