package io.onair.app.directory;

import io.onair.app.channel.ChannelInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * {@code GET /api/channels?category=&q=}: live channels first, by viewers (most first), then by name; a category
 * matches case-insensitively and exactly; {@code q} is a case-insensitive substring of the channel name or title.
 */
public record DirectoryQuery(String category, String q) {
    /** Longer queries are cut here: no title is longer than 140 characters. */
    static final int MAX_QUERY = 140;

    public DirectoryQuery {
        category = category == null ? "" : category.strip().toLowerCase(Locale.ROOT);
        q = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (q.length() > MAX_QUERY) {
            q = q.substring(0, MAX_QUERY);
        }
    }

    /**
     * Filters and orders channels.
     *
     * @param name    the channel's name
     * @param info    its info
     * @param live    whether it is live
     * @param viewers its viewer count
     */
    public <T> List<T> apply(List<T> channels, Function<T, String> name, Function<T, ChannelInfo> info,
            java.util.function.Predicate<T> live, ToIntFunction<T> viewers) {
        return channels.stream()
                .filter(c -> category.isEmpty() || info.apply(c).category().toLowerCase(Locale.ROOT).equals(category))
                .filter(c -> q.isEmpty() || name.apply(c).contains(q)
                        || info.apply(c).title().toLowerCase(Locale.ROOT).contains(q))
                .sorted(Comparator.comparing((T c) -> !live.test(c))
                        .thenComparing(Comparator.comparingInt(viewers).reversed())
                        .thenComparing(name))
                .toList();
    }
}
