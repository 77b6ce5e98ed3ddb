/**
 * Fragmented MP4 / CMAF (ISO/IEC 14496-12, -14, -15; ISO/IEC 23000-19) for HLS fMP4, LL-HLS parts and MPEG-DASH.
 * Pure: frames in, bytes out, no I/O or threads.
 *
 * <p>Which flavour when:
 * <ul>
 *   <li><b>One track per init segment</b> ({@code Fmp4InitSegment.write(List.of(video))}, another for audio):
 *       CMAF tracks, the default. HLS serves the audio as an {@code EXT-X-MEDIA} audio group and DASH as its own
 *       adaptation set; segments may start with {@link io.onair.media.fmp4.Fmp4FragmentWriter#styp()}.</li>
 *   <li><b>Video and audio in one init segment</b> ({@code write(List.of(video, audio))}): a multiplexed file for a
 *       single-rendition HLS playlist without a separate audio group (and for recording to one file). Not CMAF;
 *       every fragment carries a {@code traf} per track that has frames in it.</li>
 * </ul>
 * Video-only and audio-only streams use the single-track flavour with the one track they have.
 *
 * <p>A codec or resolution change mid-stream needs a new init segment and a new writer (and a discontinuity in
 * the playlist); the writer refuses frames of another config.
 */
package io.onair.media.fmp4;
