package io.onair.hls;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import io.onair.media.fmp4.FlvFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The 2 s audio/video fixture ({@code /fmp4/av.flv}: closed GOPs, so each loop starts with an IDR) played several
 * times in a row, for tests that need longer real media than the fixture.
 */
final class LoopedFixture {
    /** The fixture's length, 90 kHz. */
    static final long CLIP = 180_000;
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");

    private LoopedFixture() {
    }

    /**
     * The fixture's pictures {@code loops} times, each loop 2 s later, and its AAC frames in turn on one sample clock
     * (1024 samples = 1920 ticks at 48 kHz), so the audio neither overlaps nor drifts at the loop points. In decoding
     * order, audio first on ties (as an FLV file interleaves them).
     */
    static List<MediaFrame> frames(int loops) {
        List<MediaFrame> frames = new ArrayList<>();
        for (int k = 0; k < loops; k++) {
            for (MediaFrame f : FLV.videoFrames()) {
                VideoFrame v = (VideoFrame) f;
                frames.add(new VideoFrame(v.config(), v.dts() + k * CLIP, v.pts() + k * CLIP, v.keyframe(),
                        v.data()));
            }
        }
        List<MediaFrame> aac = FLV.audioFrames();
        for (int n = 0; n * 1920L < loops * CLIP; n++) {
            AudioFrame a = (AudioFrame) aac.get(n % aac.size());
            frames.add(new AudioFrame(a.config(), n * 1920L, a.data()));
        }
        frames.sort(Comparator.comparingLong(MediaFrame::dts).thenComparing(f -> f instanceof VideoFrame));
        return frames;
    }
}
