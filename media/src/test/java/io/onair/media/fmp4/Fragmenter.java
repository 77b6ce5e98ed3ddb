package io.onair.media.fmp4;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Cuts a frame list into fragments the way a segmenter would (test side), passing each track's next dts: the next
 * frame's, or for the stream's last frame its dts plus the track's previous frame interval.
 */
final class Fragmenter {
    private Fragmenter() {
    }

    /** Cuts before every video keyframe (and, for audio only, every {@code audioFramesPerFragment} frames). */
    static List<List<MediaFrame>> atKeyframes(List<MediaFrame> frames, int audioFramesPerFragment) {
        boolean hasVideo = frames.stream().anyMatch(f -> f instanceof VideoFrame);
        int[] count = {0};
        return cut(frames, (previous, frame) -> hasVideo ? frame instanceof VideoFrame v && v.keyframe()
                : ++count[0] % audioFramesPerFragment == 0);
    }

    /** Starts a new fragment before a frame when {@code cutBefore(fragmentSoFar, frame)}. */
    static List<List<MediaFrame>> cut(List<MediaFrame> frames, BiPredicate<List<MediaFrame>, MediaFrame> cutBefore) {
        List<List<MediaFrame>> fragments = new ArrayList<>();
        List<MediaFrame> current = new ArrayList<>();
        for (MediaFrame frame : frames) {
            if (!current.isEmpty() && cutBefore.test(current, frame)) {
                fragments.add(current);
                current = new ArrayList<>();
            }
            current.add(frame);
        }
        if (!current.isEmpty()) {
            fragments.add(current);
        }
        return fragments;
    }

    /** init + every fragment through one writer, concatenated; {@code styp} before each when asked. */
    static byte[] mux(List<TrackConfig> tracks, List<List<MediaFrame>> fragments, boolean styp) {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(tracks);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(Fmp4InitSegment.write(tracks));
        List<MediaFrame> all = fragments.stream().flatMap(List::stream).toList();
        int start = 0;
        for (List<MediaFrame> fragment : fragments) {
            if (styp) {
                out.writeBytes(Fmp4FragmentWriter.styp());
            }
            out.writeBytes(writer.writeFragment(fragment, nextDts(tracks, all, start, start + fragment.size())));
            start += fragment.size();
        }
        return out.toByteArray();
    }

    /** For every track with frames in all[from, to): the dts of its first frame after {@code to}, or an estimate. */
    static Map<Integer, Long> nextDts(List<TrackConfig> tracks, List<MediaFrame> all, int from, int to) {
        Map<Integer, Long> next = new HashMap<>();
        for (int t = 0; t < tracks.size(); t++) {
            TrackConfig track = tracks.get(t);
            MediaFrame last = null;
            MediaFrame beforeLast = null;
            for (int i = from; i < to; i++) {
                if (all.get(i).config().equals(track)) {
                    last = all.get(i);
                }
            }
            if (last == null) {
                continue;
            }
            Long following = null;
            for (int i = to; i < all.size() && following == null; i++) {
                if (all.get(i).config().equals(track)) {
                    following = all.get(i).dts();
                }
            }
            if (following == null) {
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).config().equals(track) && all.get(i) != last) {
                        beforeLast = all.get(i);
                    } else if (all.get(i) == last) {
                        break;
                    }
                }
                following = last.dts() + (beforeLast == null ? 3000 : last.dts() - beforeLast.dts());
            }
            next.put(t + 1, following);
        }
        return next;
    }
}
