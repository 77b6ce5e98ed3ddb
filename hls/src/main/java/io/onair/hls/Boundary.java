package io.onair.hls;

import java.time.Instant;

/**
 * Where a segment starts, decided once per channel by the source's segmenter and shared by every rendition: the
 * keyframe with presentation time {@code pts} starts segment {@code sequence} in every video rendition (renditions
 * are matched by keyframe PTS, not DTS, because their encoders may reorder differently), and the audio frame
 * nearest to {@code pts} starts it in the audio rendition.
 *
 * @param sequence        the media sequence number in every rendition
 * @param pts             90 kHz presentation time of the starting keyframe (for audio-only sources: of the audio frame)
 * @param discontinuity   the source's timeline or tracks changed here (new publication, timestamp jump, new config)
 * @param programDateTime the ingest wall clock of that keyframe ({@code EXT-X-PROGRAM-DATE-TIME})
 * @param epoch           counts source discontinuities: PTS comparisons only mean something within one epoch
 */
record Boundary(long sequence, long pts, boolean discontinuity, Instant programDateTime, long epoch) {
}
