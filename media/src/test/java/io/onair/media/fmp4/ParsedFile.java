package io.onair.media.fmp4;

import java.util.List;

/**
 * What the test-side reader found in an init segment and its fragments.
 *
 * @param brands    ftyp major brand, then the compatible brands
 * @param fragments one entry per moof: its sequence number
 */
record ParsedFile(List<String> brands, List<ParsedTrack> tracks, List<ParsedSample> samples, List<Long> fragments) {
    ParsedTrack track(int id) {
        return tracks.stream().filter(t -> t.id() == id).findFirst().orElseThrow();
    }

    List<ParsedSample> samples(int trackId) {
        return samples.stream().filter(s -> s.trackId() == trackId).toList();
    }
}
