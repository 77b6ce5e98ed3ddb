package io.onair.app.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * What a watch page needs to know about a channel: whether to start the player, and where.
 *
 * @param live       true once the channel is publishing and its first segment is listed (so the player's first
 *                   playlist request cannot 404)
 * @param hls        the master playlist URL, present while live
 * @param startedAt  when the current broadcast started
 * @param lastLiveAt when the channel was last live (now while live), for "last live 5 minutes ago"
 * @param transcode  the live transcoder's state while live: which renditions are encoded, and why any is not (so the
 *                   streamer's dashboard can say "480p dropped: the server cannot encode it in real time")
 */
public record ChannelStatus(
        String channel,
        boolean live,
        Optional<String> hls,
        Optional<Instant> startedAt,
        Optional<Instant> lastLiveAt,
        Optional<Stats> stats,
        Optional<Transcode> transcode) {

    /**
     * The transcoder, from {@code io.onair.transcode.TranscodeStatus}: {@code state} PROBING, RUNNING, RESTARTING,
     * IDLE (nothing below the source), FAILED or ENDED; {@code dropped} maps a rung to the reason it is not encoded.
     */
    public record Transcode(String state, java.util.List<String> active, java.util.Map<String, String> dropped,
            Optional<Double> speed, int restarts, String detail) {
    }

    /** Ingest health, as measured on the incoming stream. */
    public record Stats(int width, int height, double fps, long videoKbps, long audioKbps, double keyframeInterval) {
    }
}
