package io.onair.app.channel;

import java.util.List;

/**
 * What a streamer tells viewers about the stream: shown on the watch page and in the directory, returned with the
 * channel status. Empty strings (and an empty tag list) when unset.
 *
 * @param goLiveText the "go live" notification text sent to followers when the stream starts
 */
public record ChannelInfo(String title, String category, List<String> tags, String language, String goLiveText) {
    public static final ChannelInfo EMPTY = new ChannelInfo("", "", List.of(), "", "");

    public ChannelInfo {
        // Nulls are kept for the validation to name (a JSON request may contain them); stored info has none.
        tags = tags == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tags));
    }
}
